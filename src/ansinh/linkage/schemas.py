"""API shapes of the review queue, the scorecard and reconciliation runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ansinh.linkage.agreement import Agreement
from ansinh.linkage.enums import ReviewState

ReviewSource = Literal["batch", "realtime"]


class ReviewSummary(BaseModel):
    """A review item as listed."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    si_number: str
    source: ReviewSource
    match_probability: float | None
    state: ReviewState
    created_at: datetime


class FieldComparison(BaseModel):
    """One field of both records side by side, with how far they agree."""

    field: str
    insured: str | None
    population: str | None = Field(description="The population register's value")
    agreement: Agreement


class ReviewRead(ReviewSummary):
    """A review item with both records side by side."""

    fields: list[FieldComparison]
    decided_by: str | None
    decided_at: datetime | None


class Scorecard(BaseModel):
    """Authentication counts of the insured (participants) against the population register."""

    participants: int
    authenticated: int
    needs_review: int
    not_found: int
    unverified: int
    authenticated_percent: float


class RunRead(BaseModel):
    """A reconciliation run with its counts and timings."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    started_at: datetime
    finished_at: datetime
    settings_version: str
    backend: str
    summary: dict[str, Any]
