"""Statuses of online-service records (stored as these strings)."""

from __future__ import annotations

from enum import StrEnum


class ApplicationStatus(StrEnum):
    """Where an application stands."""

    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    DECIDED = "decided"
