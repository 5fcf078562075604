"""API shapes and events of payments: channels, runs, payments, reports, the bank's death notice."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ansinh.benefits.schemas import PaymentPurpose, ReceiptChannel
from ansinh.core.events.schemas import DomainEvent
from ansinh.core.text import PersonName

Month = Annotated[date, Field(description="A payroll month, given by its first day")]


class DeathReportedByBank(DomainEvent):
    """The bank returned a payment because its holder died (MD07); the civil registry decides."""

    name: ClassVar[str] = "DeathReportedByBank"
    si_number: str
    end_to_end_id: str
    reported_on: date


class ChannelCreate(BaseModel):
    """Where to pay a person from a payroll month on: own account, cash at a place, employer."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: ReceiptChannel
    bank_bin: Annotated[str | None, Field(pattern=r"^\d{6}$")] = None
    account_number: Annotated[str | None, Field(pattern=r"^\d{6,19}$")] = None
    holder: PersonName | None = None
    place: Annotated[str | None, Field(min_length=2, max_length=100)] = None
    unit_code: Annotated[str | None, Field(min_length=1, max_length=12)] = None
    authorised_on: date | None = None
    effective_from: Month


class ScheduleCreate(BaseModel):
    """A schedule made directly (seeding, tests, the demo): what events from claims also make."""

    model_config = ConfigDict(extra="forbid")

    schedule_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    si_number: Annotated[str, Field(pattern=r"^\d{10}$")]
    province_code: Annotated[str, Field(pattern=r"^\d{2}$")]
    area: Literal["urban", "rural"] | None = None
    kind: Literal["monthly", "one_off"] = "monthly"
    purpose: PaymentPurpose = "PENS"
    amount: Annotated[int, Field(gt=0)]
    start: date
    end: date | None = None
    granted_on: date
    proof_of_life_on: date | None = None


class RunRead(BaseModel):
    """A payroll run and where it stands."""

    model_config = ConfigDict(from_attributes=True)

    run_id: int
    kind: str
    period: date
    province_code: str
    pay_date: date
    status: str
    lines: int
    total: int
    computed_by: str
    approved_by: str | None
    msg_id: str | None


class Totals(BaseModel):
    """A run's reconciliation: instructed = booked + paid + rejected + returned + in flight."""

    run_id: int
    instructed: int
    booked: int
    paid_cash: int
    rejected: int
    returned: int
    in_flight: int
    count: int
    balanced: bool


class PaymentRead(BaseModel):
    """One payment as its beneficiary or an officer sees it (account shown by its last digits)."""

    end_to_end_id: str
    month: date
    amount: int
    purpose: str
    channel: str
    account_ending: str | None
    status: str
    reason: str | None
    pay_date: date


class NextPayment(BaseModel):
    """The next monthly payment a person can expect, if any."""

    month: date
    pay_date: date
    amount: int
    channel: str | None


class HistoryRead(BaseModel):
    """A citizen's payments, newest first, and the next one expected."""

    payments: list[PaymentRead]
    next_payment: NextPayment | None


class ExceptionRead(BaseModel):
    """An officer's work item: what to do about a payment the bank rejected or returned."""

    model_config = ConfigDict(from_attributes=True)

    exception_id: int
    payment_id: int | None
    action: str
    reason: str
    status: str


class AccountShare(BaseModel):
    """Share of monthly beneficiaries paid into an account, by area (None: nobody there)."""

    urban: float | None
    rural: float | None
    overall: float | None


class RunOverview(BaseModel):
    """A run with its reconciliation, as the officers' list of runs shows it."""

    run: RunRead
    totals: Totals


class ExceptionLine(BaseModel):
    """A rejected or returned payment to work: whose, which month, why, and what the code drives."""

    exception_id: int
    si_number: str
    full_name: str | None
    month: date | None
    amount: int | None
    reason: str
    action: str
    status: str


class OverpaymentLine(BaseModel):
    """A payment made after its beneficiary's death, to recover: how much, how far recovered."""

    overpayment_id: int
    si_number: str
    full_name: str | None
    amount: int
    recovered: int
    status: str
    recovery: str | None


class CashLine(BaseModel):
    """One line of a run's cash list for the post office: who, where, how much."""

    end_to_end_id: str
    si_number: str
    full_name: str | None
    place: str | None
    month: date
    amount: int
    status: str


class HeirPayee(BaseModel):
    """Who receives a deceased beneficiary's unpaid months (Law 41 Art. 75.5), and how."""

    model_config = ConfigDict(extra="forbid")

    channel: Literal["account", "cash"]
    bank_bin: str | None = Field(default=None, pattern=r"^\d{6}$")
    account_number: str | None = Field(default=None, pattern=r"^\d{6,19}$")
    holder: str | None = Field(default=None, max_length=70)

    @model_validator(mode="after")
    def _account(self) -> HeirPayee:
        if self.channel == "account" and (self.bank_bin is None or self.account_number is None):
            raise ValueError("a payment to an account needs bank_bin and account_number")
        return self


class PaidLine(BaseModel):
    """A live payment of a schedule's month and the day its run pays it."""

    payment_id: int
    schedule_id: uuid.UUID
    month: date
    amount: int
    pay_date: date


class Recovery(BaseModel):
    """Where the recovery of the overpayment made of one payment stands."""

    payment_id: int
    overpayment_id: int
    amount: int
    recovered: int
    status: str
