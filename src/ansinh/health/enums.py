"""Statuses of health records (stored as these strings)."""

from __future__ import annotations

from enum import StrEnum


class CardStatus(StrEnum):
    """An HI card's status."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"
    WITHDRAWN = "withdrawn"
