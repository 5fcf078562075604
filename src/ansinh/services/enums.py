"""Statuses of online-service records (stored as these strings, at most 10 characters)."""

from __future__ import annotations

from enum import StrEnum


class ApplicationStatus(StrEnum):
    """Where an application stands."""

    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    INCOMPLETE = "incomplete"  # documents requested: the statutory clock is paused
    PROPOSED = "proposed"  # a maker proposed the decision; a checker must confirm it
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


OPEN = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.INCOMPLETE,
    ApplicationStatus.PROPOSED,
)
