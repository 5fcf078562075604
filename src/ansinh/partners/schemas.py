"""Shapes the e-ID app receives."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from ansinh.lifeevents.schemas import ChildCard


class PeriodRead(BaseModel):
    """A contribution period (months; `counted` once paid)."""

    scheme: str
    employer: str | None
    unit_code: str | None
    start: date
    end: date
    salary: int
    counted: bool
    running: bool


class SiBookSummary(BaseModel):
    """A citizen's SI book in brief."""

    si_number: str
    full_name: str
    as_of: date
    total_months: int
    owed_months: int
    years: int
    months: int
    insured_now: bool
    source: str
    periods: list[PeriodRead]


class HiCardRead(BaseModel):
    """A citizen's current HI card with its signed QR payload."""

    code: str
    status: str
    valid_from: date
    valid_to: date
    benefit_level: int
    facility_code: str | None
    facility_name: str | None
    qr_jws: str


class ClaimStepRead(BaseModel):
    """One step of a claim's status timeline (who acted is not shared)."""

    at: datetime
    status: str


class ClaimDecisionRead(BaseModel):
    """A decision in brief: what, how much, since when in force."""

    outcome: str
    amount: int | None
    unit: str | None
    decided_at: datetime | None


class CitizenClaimRead(BaseModel):
    """One of the citizen's benefit claims with its timeline and decisions (newest first)."""

    reference: str
    branch: str
    status: str
    received_on: date
    due_on: date | None
    period_from: date
    period_to: date
    timeline: list[ClaimStepRead]
    decisions: list[ClaimDecisionRead]


class CitizenPaymentRead(BaseModel):
    """One payment as the e-ID app shows it: month, amount, how, where it stands, why it failed."""

    month: date
    pay_date: date
    amount: int
    channel: str
    status: str
    reason: str | None


class CitizenPaymentsRead(BaseModel):
    """The citizen's payments, newest first, and the next monthly payment expected."""

    payments: list[CitizenPaymentRead]
    next_month: date | None
    next_pay_date: date | None
    next_amount: int | None


class CitizenChildrenRead(BaseModel):
    """The parent's children (newest first), each with the HI card they hold, if any."""

    children: list[ChildCard]
