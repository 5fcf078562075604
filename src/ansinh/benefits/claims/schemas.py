"""What a claim line carries in, and what claims, decisions, entitlements and queues read out."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ansinh.benefits.claims.enums import Branch, ClaimantKind, ClaimStatus, Outcome
from ansinh.benefits.schemas import ReceiptChannel
from ansinh.identity.schemas import SiNumberStr


class ClaimLine(BaseModel):
    """One claim: whose, for which benefit, which days, evidence, and where the money goes.

    `facts` are the branch's inputs to the rules engine (its case fields), without what the
    platform knows already: the contribution history, date of birth and sex come from the SI
    book and the registry. The first day (`period_from`) fills the branch's date field when
    `facts` leaves it out.
    """

    model_config = ConfigDict(extra="forbid")

    si_number: SiNumberStr
    branch: Branch
    period_from: date
    period_to: date | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    certificate_serials: list[str] = Field(default_factory=list, max_length=4)
    channel: ReceiptChannel = "account"
    account_bin: str | None = Field(default=None, pattern=r"^\d{6}$")
    account_number: str | None = Field(default=None, pattern=r"^\d{6,19}$")
    account_holder: str | None = Field(
        default=None,
        max_length=70,
        description="The account holder's name when not the insured person (the funeral organiser)",
    )
    employer_received_on: date | None = Field(
        default=None, description="Day the employer received the worker's complete file"
    )
    late_explanation: str | None = Field(default=None, max_length=2000)
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")

    @model_validator(mode="after")
    def _consistent(self) -> ClaimLine:
        if self.period_to is not None and self.period_to < self.period_from:
            raise ValueError("period_to is before period_from")
        if self.channel == "account" and (self.account_bin is None or self.account_number is None):
            raise ValueError("a payment to an account needs account_bin and account_number")
        return self


class LineProblem(BaseModel):
    """Why a line of a batch was not filed (line numbers count from 1)."""

    line: int
    reasons: list[str]


class FiledLine(BaseModel):
    """A line filed as a claim, and where it stands."""

    line: int
    claim_id: uuid.UUID
    reference: str
    status: ClaimStatus
    hold_reason: str | None = None


class FiledBatch(BaseModel):
    """The result of filing many lines at once."""

    batch_id: uuid.UUID | None
    filed: list[FiledLine]
    problems: list[LineProblem]


class DecisionRead(BaseModel):
    """A decision as officers and the claimant see it."""

    model_config = ConfigDict(from_attributes=True)

    decision_id: uuid.UUID
    outcome: Outcome
    amount: int | None
    unit: str | None
    reasons: list[str]
    law: list[dict[str, Any]]
    maker: str
    checker: str | None
    made_at: datetime
    decided_at: datetime | None
    supersedes: uuid.UUID | None
    difference: int | None


class DecisionDetail(DecisionRead):
    """A decision with the engine's whole trace (officers' dossier)."""

    trace: dict[str, Any] | None


class ClaimRead(BaseModel):
    """A claim with its clock."""

    model_config = ConfigDict(from_attributes=True)

    claim_id: uuid.UUID
    reference: str
    branch: Branch
    procedure_code: str
    si_number: str
    claimant_kind: ClaimantKind
    unit_code: str | None
    province_code: str | None
    status: ClaimStatus
    hold_reason: str | None
    received_on: date
    due_on: date | None
    late_filing: bool
    late_explanation: str | None
    period_from: date
    period_to: date
    facts: dict[str, Any]
    certificate_serials: list[str]
    channel: ReceiptChannel


class TimelineEntry(BaseModel):
    """One step of a claim's status timeline."""

    model_config = ConfigDict(from_attributes=True)

    at: datetime
    status: ClaimStatus
    actor: str
    note: str | None


class ClaimDossier(BaseModel):
    """A claim, its timeline and its decisions (newest first, with their traces)."""

    claim: ClaimRead
    timeline: list[TimelineEntry]
    decisions: list[DecisionDetail]


class QueueItem(BaseModel):
    """A claim waiting in a province's queue, with its clock."""

    reference: str
    branch: Branch
    si_number: str
    status: ClaimStatus
    received_on: date
    due_on: date | None
    late: bool
    late_filing: bool
    hold_reason: str | None


class EntitlementRead(BaseModel):
    """Money owed by a decision, as listed and exported until payments takes it over."""

    model_config = ConfigDict(from_attributes=True)

    entitlement_id: uuid.UUID
    decision_id: uuid.UUID
    claim_id: uuid.UUID
    si_number: str
    branch: str
    kind: str
    purpose: str
    amount: int
    start: date
    end: date | None
    review_on: date | None
    channel: str
    unit_code: str | None
    status: str


class Adjustment(BaseModel):
    """New or corrected facts for a settled claim, and why."""

    model_config = ConfigDict(extra="forbid")

    facts: dict[str, Any]
    reason: str = Field(min_length=3, max_length=2000)


class Refusal(BaseModel):
    """An officer's refusal or revocation, with its reasons."""

    model_config = ConfigDict(extra="forbid")

    reasons: list[str] = Field(min_length=1, max_length=20)


class Resumption(BaseModel):
    """What an officer adds when looking at a held claim again."""

    model_config = ConfigDict(extra="forbid")

    late_explanation: str | None = Field(default=None, min_length=3, max_length=2000)


class ClaimReceipt(BaseModel):
    """Where a claim's money goes, as the claimant stated it (payments reads it for one-offs)."""

    channel: ReceiptChannel
    account_bin: str | None
    account_number: str | None
    account_holder: str | None
