"""What a verifier sends and what it is told: the verdict, and no more than the paper shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal[
    "si-confirmation",
    "hi-card",
    "claim-decision",
    "coverage-certificate",
    "claim-batch-result",
    "service-result",
]
Status = Literal["genuine", "revoked", "unknown", "tampered"]
SEAL_PATTERN = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"


class VerifyRequest(BaseModel):
    """A seal as read from a document's QR (the part of the URL after `#`)."""

    model_config = ConfigDict(extra="forbid")

    seal: str = Field(min_length=20, max_length=2000, pattern=SEAL_PATTERN)


class Verdict(BaseModel):
    """Whether a document is genuine and current; the facts only when the platform issued it."""

    status: Status
    kind: Kind | None = None
    issued_on: date | None = None
    si_number_ending: str | None = Field(
        default=None, description="The last three digits of the SI number the document shows"
    )
    unit_code: str | None = Field(
        default=None, description="The employer a claim list result was issued to"
    )
    revoked_on: date | None = None


@dataclass(frozen=True)
class CalculationStep:
    """One line of the calculation a decision shows: what, how, how much."""

    name: str
    formula: str
    value: str


@dataclass(frozen=True)
class LawApplied:
    """A legal parameter a decision applied: its value, since when, and its source."""

    name: str
    value: str
    effective_from: str
    source: str


@dataclass(frozen=True)
class DecisionPaper:
    """What a benefit decision prints, handed over by the benefits domain (no lookups here)."""

    reference: str
    benefit_vi: str
    benefit_en: str
    procedure_code: str
    period: str
    outcome_vi: str
    amount: str
    reasons: list[str]
    steps: list[CalculationStep]
    law: list[LawApplied]
    maker: str
    checker: str
    decided_on: str
    supersedes: str = ""


@dataclass(frozen=True)
class CoveragePaper:
    """What a certificate of coverage prints, handed over by the coverage domain (no lookups)."""

    reference: str
    country_vi: str
    country_en: str
    agreement: str
    scope_vi: str
    scope_en: str
    host_scheme: str
    employer: str
    unit_code: str
    period: str
    months_counted: int
    extension: bool
    form: str


@dataclass(frozen=True)
class BatchPaper:
    """What an employer's claim list result prints, handed over by the benefits domain."""

    unit_code: str
    unit_name: str
    period: str
    batch_number: int
    received_at: str
    totals: list[tuple[str, str, int]]
    """(Vietnamese, English, count) per outcome."""
    lines: list[list[str]]
    """Per line: number, SI number, benefit, dates, outcome, amount, reason."""


@dataclass(frozen=True)
class Issued:
    """A document just issued: its number, its file and the address its QR opens."""

    document_id: str
    kind: Kind
    issued_at: datetime
    pdf: bytes
    url: str


@dataclass(frozen=True)
class ServicePaper:
    """The decision on an online-service application as the services domain states it."""

    reference: str
    code: str
    name_vi: str
    name_en: str
    received_on: date
    due_on: date
    outcome: Literal["approved", "rejected"]
    reason: str | None
    facts: tuple[tuple[str, str, str], ...] = ()
