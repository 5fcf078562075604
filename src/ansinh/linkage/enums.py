"""States of linkage records (stored as these strings)."""

from __future__ import annotations

from enum import StrEnum


class ReviewState(StrEnum):
    """Where a review item stands."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"
