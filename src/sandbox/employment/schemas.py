"""Request and response shapes of the employment centre sandbox (personal IDs only in bodies)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

PersonalId = Annotated[str, Field(pattern=r"^\d{12}$", description="12-digit personal ID")]
Province = Annotated[str, Field(pattern=r"^\d{2}$")]
Ground = Literal["new_job", "pension", "death", "own_request", "emigration", "detention"]
OfficerKind = Literal["suspension", "resumption", "termination", "transfer", "reservation"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ClaimIn(_Strict):
    """A claim (Mẫu 10) forwarded by the platform to the centre of the chosen province."""

    claim_id: uuid.UUID
    province_code: Province
    personal_id: PersonalId
    terminated_on: date
    filed_on: date


class AssessIn(_Strict):
    """The officer's proposal; `amount` overrides the computed monthly amount (a disagreement)."""

    amount: Annotated[int, Field(ge=0)] | None = None


class NoticeIn(_Strict):
    """A monthly job-search notice (Mẫu 24) for the benefit month starting `month`."""

    month: date


class DecisionIn(_Strict):
    """An officer's decision on a granted claim (Mẫu 15, 17, 19, 14)."""

    kind: OfficerKind
    month: date = Field(
        description="First month concerned (suspension, resumption, transfer)"
        " or the last month paid (termination, reservation)"
    )
    ground: Ground | None = None
    to_province: Province | None = None


class GroundIn(_Strict):
    """A termination ground the platform noticed (a new job, a pension, a death)."""

    claim_id: uuid.UUID
    ground: Ground
    occurred_on: date


class CheckIn(_Strict):
    """Suspend every granted claim whose notice for `month` did not come."""

    month: date


class Issued(BaseModel):
    """A decision issued: its id, the claim's sequence number and its kind."""

    decision_id: uuid.UUID
    seq: int
    kind: str
