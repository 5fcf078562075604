"""Tests of population-register reconciliation."""
