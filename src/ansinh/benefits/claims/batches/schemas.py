"""What the employer sends (a claim list: header and lines) and what it gets back."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from ansinh.benefits.claims.batches.enums import LineStatus
from ansinh.benefits.claims.batches.lines import AccountNumber, BankBin, ClaimLine
from ansinh.contributions.schemas import LineErrorRead, Month
from ansinh.registry.schemas import UnitCode

RawClaimLine = Annotated[dict[str, Any], WithJsonSchema(ClaimLine.model_json_schema())]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class BatchHeader(_Strict):
    """The list's header: the unit, its bank account, the period and the list's number in it."""

    unit_code: UnitCode
    unit_name: str = Field(min_length=2, max_length=300)
    unit_account: AccountNumber
    unit_bank_bin: BankBin
    period: Month
    batch_number: int = Field(ge=1, le=999, description="The list's number within the period")


class BatchCreate(_Strict):
    """A claim list: its header and its lines (Part 1 new claims, Part 2 adjustments)."""

    header: BatchHeader
    allow_partial: bool = Field(
        default=False, description="File the valid lines even if some are refused"
    )
    lines: list[RawClaimLine] = Field(min_length=1, max_length=50_000)


class BatchRead(BaseModel):
    """A batch and where its lines stand, the same on every resubmission."""

    batch_id: uuid.UUID
    unit_code: str
    period: date
    batch_number: int
    source: Literal["json", "csv", "xlsx"]
    allow_partial: bool
    received_at: datetime
    duplicate: bool = Field(description="True when this exact list was received before")
    lines_total: int
    lines_accepted: int
    lines_late: int = Field(description="Accepted lines filed late, with their explanation")
    outcomes: dict[LineStatus, int] = Field(description="Lines by status")
    errors: list[LineErrorRead] = Field(description="Refused lines (the first 1,000)")
    result_pdf: str = Field(description="Where to download the result as a sealed PDF")
    result_csv: str = Field(description="Where to download the result as CSV")


class BatchLineRead(BaseModel):
    """One line of a batch with its outcome: amount if granted, the reason if not."""

    line: int
    si_number: str | None
    branch: str | None
    subtype: str | None
    from_date: date | None
    to_date: date | None
    days: int | None
    status: LineStatus
    claim_reference: str | None
    amount: int | None = Field(description="Whole VND granted")
    reason: str | None
    late: bool
    late_explanation: str | None
