"""Append-only log of every read and write of a person's data."""
