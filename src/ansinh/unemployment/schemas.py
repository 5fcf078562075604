"""Shapes of unemployment claims, contribution records, and the centres' signed decisions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ansinh.identity.schemas import PersonalIdStr

Province = Annotated[str, Field(pattern=r"^\d{2}$")]
DecisionKind = Literal[
    "grant",
    "incomplete",
    "refusal",
    "suspension",
    "resumption",
    "termination",
    "transfer",
    "reservation",
]
Outcome = Literal["accepted", "duplicate", "refused"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


MAX_DECISIONS = 150  # about 90 kB signed: under the JWS size limit


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ClaimIn(_Strict):
    """A citizen's claim (Mẫu 10): when the contract ended and where to be paid."""

    terminated_on: date
    province_code: Province


class ClaimRead(BaseModel):
    """A claim as its claimant sees it."""

    model_config = ConfigDict(from_attributes=True)

    claim_id: uuid.UUID
    province_code: str
    terminated_on: date
    filed_on: date
    status: str
    reason: str | None


class RecordIn(_Strict):
    """The centre's question: whose UI contribution record (personal ID in the body)."""

    personal_id: PersonalIdStr
    claim_id: uuid.UUID | None = None


class RecordsIn(_Strict):
    """A centre's batch question (a day's claims): up to 500 personal IDs."""

    personal_ids: Annotated[list[PersonalIdStr], Field(min_length=1, max_length=500)]


class MonthSalary(BaseModel):
    """One month's UI contribution salary."""

    month: date
    salary: int


class Termination(BaseModel):
    """The end of the last employment, as the last employer declared it."""

    unit_code: str
    started_on: date
    ended_on: date
    contract_type: str


class Record(BaseModel):
    """A UI contribution record (the figure the scorecard counts)."""

    si_number: str
    full_name: str
    as_of: date
    ui_months: int = Field(description="UI months not yet used by an earlier benefit")
    used_months: int = Field(description="UI months used by earlier benefits")
    reserved_months: int = Field(description="Months of benefit reserved from earlier grants")
    last_six: list[MonthSalary]
    termination: Termination | None


class SignedRecord(BaseModel):
    """A record and the platform's compact JWS over it."""

    record: Record
    jws: str


class SignedRecords(BaseModel):
    """Records in the order asked; null for a personal ID the platform does not know."""

    records: list[SignedRecord | None]


class Header(_Loose):
    """A decision notification's header: which centre sent it."""

    sender_id: str
    action: Literal["notify"]
    centre: Province


class Message(_Loose):
    """A decision notification's message: one decision on one claim, in the claim's order."""

    decision_id: uuid.UUID
    claim_id: uuid.UUID
    seq: Annotated[int, Field(ge=1)]
    kind: DecisionKind
    issued_at: datetime
    decision: dict[str, object]


class BatchMessage(_Loose):
    """Several decisions in one message (a centre's delivery round)."""

    decisions: list[Message] = Field(min_length=1, max_length=MAX_DECISIONS)


class Envelope(_Loose):
    """A signed decision notification's payload: one decision, or a batch of them."""

    header: Header
    message: Message | BatchMessage

    @property
    def decisions(self) -> list[Message]:
        """The decisions the message carries."""
        if isinstance(self.message, BatchMessage):
            return self.message.decisions
        return [self.message]


class Grant(_Loose):
    """A grant decision (Mẫu 12): amount, months, first and last month."""

    amount: Annotated[int, Field(ge=0)]
    months: Annotated[int, Field(ge=1)]
    first_month: date
    last_month: date
    issued_on: date | None = None


class Change(_Loose):
    """A later decision: the month it concerns, a ground, a province, months reserved."""

    month: date | None = None
    reason: str | None = None
    ground: str | None = None
    to_province: Province | None = None
    months_reserved: Annotated[int, Field(ge=0)] = 0


class Receipt(BaseModel):
    """What the inbox did with a notification (refusals carry their reason)."""

    outcome: Outcome
    inbox_id: int
    reason: str | None = None
    decisions: int = 1
    duplicates: int = 0


class HeldRead(BaseModel):
    """An entitlement held for an officer: ours and the centre's amount, and why."""

    model_config = ConfigDict(from_attributes=True)

    entitlement_id: uuid.UUID
    claim_id: uuid.UUID
    province_code: str
    first_month: date
    last_month: date
    centre_amount: int
    our_amount: int | None
    hold_reason: str | None


class Figures(BaseModel):
    """Scorecard figures: records provided, decisions applied, people paid."""

    records_provided: int
    decisions_applied: int
    people_with_benefit: int
    months_paid: int = 0
    paid_within_limit: int = 0
    late_open: int = 0


class MonthRead(BaseModel):
    """One benefit month: its due day, when it was paid, late or not, overpaid and recovered."""

    model_config = ConfigDict(from_attributes=True)

    entitlement_id: uuid.UUID
    month: date
    province_code: str
    due_on: date
    paid_on: date | None
    late: bool
    overpaid_by: str | None
    overpaid: int | None
    recovered: int = 0
    recovery_status: str | None = None


class MonthsChecked(BaseModel):
    """What a day's check of the benefit months did."""

    opened: int
    paid: int
    instructed: int
    late: int
