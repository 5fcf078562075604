"""Request and response shapes of the contributions API."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

from ansinh.contributions.lines import DeclarationLine
from ansinh.core.events.schemas import DomainEvent
from ansinh.registry.schemas import Vnd


def _month_text(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value.strip()):
        return f"{value.strip()}-01"
    return value


Month = Annotated[
    date,
    BeforeValidator(_month_text),
    AfterValidator(lambda d: d.replace(day=1)),
    Field(description="A month, as YYYY-MM (or any date in it)", examples=["2026-11"]),
]
Reference = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9._/-]{3,64}$", description="Bank or payment reference")
]
SupportGroup = Literal["poor", "near_poor", "ethnic_minority", "other"]
Scheme = Literal["compulsory", "voluntary", "household"]
RawLine = Annotated[dict[str, Any], WithJsonSchema(DeclarationLine.model_json_schema())]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DeclarationCreate(_Strict):
    """A month's workforce changes from one or more employers (each line names its unit)."""

    month: Month
    allow_partial: bool = Field(
        default=False, description="Apply the valid lines even if some are refused"
    )
    lines: list[RawLine] = Field(min_length=1, max_length=100_000)


class LineErrorRead(BaseModel):
    """Why a line was refused; `line` is its number (JSON: position from 1; files: row)."""

    line: int
    field: str | None
    reason: str


class DeclarationRead(BaseModel):
    """The result of a declaration, the same on every resubmission."""

    declaration_id: int
    month: date
    source: Literal["json", "csv", "xlsx"]
    allow_partial: bool
    lines_total: int
    lines_accepted: int
    lines_rejected: int
    persons_registered: int
    recorded_at: datetime
    duplicate: bool = Field(description="True when this exact submission was received before")
    errors: list[LineErrorRead] = Field(description="Refused lines (the first 1,000)")


class DeclaredLineRead(BaseModel):
    """A stored line of a declaration."""

    model_config = ConfigDict(from_attributes=True)

    line: int
    kind: str | None
    unit_code: str | None
    si_number: str | None
    effective_date: date | None
    until_date: date | None
    salary: int | None
    created_person: bool
    field: str | None
    error: str | None


class PaymentCreate(_Strict):
    """Money an employer paid."""

    amount: Vnd
    paid_on: date
    reference: Reference


class PaymentRead(BaseModel):
    """A recorded employer payment."""

    model_config = ConfigDict(from_attributes=True)

    payment_id: int
    unit_code: str
    amount: int
    paid_on: date
    reference: str
    recorded_at: datetime


class MonthAccountRead(BaseModel):
    """One month of an employer's account."""

    model_config = ConfigDict(from_attributes=True)

    month: date
    deadline: date
    due: int
    paid: int
    outstanding: int
    interest: int = Field(description="Late-payment interest accrued to the account date")
    counted_funds: list[str] = Field(description="Funds paid enough to count for the employees")


class AccountRead(BaseModel):
    """An employer's months, what it owes and the interest on it."""

    unit_code: str
    as_recorded_at: datetime
    months: list[MonthAccountRead]
    outstanding: int
    interest: int
    credit: int = Field(description="Paid but not yet needed by any bill")


class FundShareRead(BaseModel):
    """One fund's employer and employee shares."""

    fund: str
    employer: int
    employee: int


class StatementRead(BaseModel):
    """An employer's bill for one month."""

    unit_code: str
    month: date
    as_recorded_at: datetime
    persons: int
    base_total: int
    funds: list[FundShareRead]
    employer_total: int
    employee_total: int
    total: int
    account: MonthAccountRead | None


class ArrearsRead(BaseModel):
    """An employer with contributions unpaid after their deadline."""

    model_config = ConfigDict(from_attributes=True)

    unit_code: str
    name: str
    months: int
    oldest_month: date
    outstanding: int


class BookFundRead(FundShareRead):
    """A fund's monthly shares in a period and whether its months count."""

    paid: bool


class BookPeriodRead(BaseModel):
    """Consecutive months with one scheme, employer, salary and paid status."""

    from_month: date
    to_month: date
    months: int
    scheme: Scheme
    unit_code: str | None
    employer_name: str | None
    salary: int
    base: int
    funds: list[BookFundRead]
    state_support: int


class FundTotalRead(BaseModel):
    """Contribution time that counts for one fund."""

    fund: str
    months: int
    years: int
    remaining_months: int
    owed_months: int = Field(description="Months declared but not (fully) paid by the employer")


class BookRead(BaseModel):
    """A person's SI book as recorded at an instant."""

    si_number: str
    as_recorded_at: datetime
    periods: list[BookPeriodRead]
    totals: list[FundTotalRead]


class BookExport(BaseModel):
    """The book signed by the platform as a compact JWS (ES256)."""

    token: str
    kid: str
    keys_url: str = Field(description="Where the public key to verify it is published")


class VoluntaryEnrolmentCreate(_Strict):
    """Registration for voluntary social insurance."""

    income: Vnd = Field(description="Chosen monthly income the contribution is based on")
    cycle_months: int = Field(description="Months paid at a time")
    support_group: SupportGroup = "other"


class HouseholdEnrolmentCreate(_Strict):
    """Registration for household health insurance."""

    household_code: Annotated[str, Field(pattern=r"^[A-Z0-9]{6,20}$")]
    cycle_months: int = Field(description="Months paid at a time")


class QuoteRead(BaseModel):
    """The next cycle: months covered and what it costs."""

    model_config = ConfigDict(from_attributes=True)

    first_month: date
    months: int
    amount: int
    monthly_contribution: int
    monthly_support: int
    supported_months: int


class EnrolmentRead(BaseModel):
    """A self-payer's enrolment and the next payment due."""

    model_config = ConfigDict(from_attributes=True)

    enrolment_id: int
    si_number: str
    scheme: Literal["voluntary", "household"]
    start_month: date
    cycle_months: int
    income: int | None
    support_group: SupportGroup | None
    household_code: str | None
    member_number: int | None
    next_payment: QuoteRead


class SelfPaymentCreate(_Strict):
    """A self-payer's payment of the next cycle."""

    amount: int = Field(ge=0, le=10_000_000_000)
    paid_on: date
    reference: Reference


class SelfPaymentRead(BaseModel):
    """A recorded self-payment and the months it covers."""

    model_config = ConfigDict(from_attributes=True)

    payment_id: int
    first_month: date
    months: int
    amount: int
    state_support: int
    paid_on: date
    reference: str
    recorded_at: datetime


class ContributionMonthSettled(DomainEvent):
    """A month was closed: every employer's bill for it is computed and in the SI book."""

    name: ClassVar[str] = "ContributionMonthSettled"
    month: date
    closed_at: datetime
