"""Tests of the population register sandbox."""
