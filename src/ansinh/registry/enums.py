"""Statuses of registry records (stored as these strings)."""

from __future__ import annotations

from enum import StrEnum


class AuthStatus(StrEnum):
    """A person's authentication against the population register."""

    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    NEEDS_REVIEW = "needs_review"
    NOT_FOUND = "not_found"
