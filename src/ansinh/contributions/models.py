"""Contribution tables: declarations, the bitemporal SI book, payments and self-paid schemes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

LINE_KINDS = ("increase", "decrease", "salary_change", "correction", "unpaid_leave")
SOURCES = ("json", "csv", "xlsx")
SCHEMES = ("compulsory", "voluntary", "household")
SUPPORT_GROUPS = ("poor", "near_poor", "ethnic_minority", "other")
FIRST_OF_MONTH = "extract(day from month) = 1"


class Declaration(Base):
    """One submission of workforce changes for a month; its content hash makes retries no-ops."""

    __tablename__ = "contribution_declarations"
    __table_args__ = (
        CheckConstraint(f"source IN {SOURCES!r}", name="source"),
        CheckConstraint(FIRST_OF_MONTH, name="month"),
    )

    declaration_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    month: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(4))
    allow_partial: Mapped[bool] = mapped_column(Boolean)
    lines_total: Mapped[int] = mapped_column(Integer)
    lines_accepted: Mapped[int] = mapped_column(Integer)
    submitted_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeclaredLine(Base):
    """A line of a stored declaration: applied, or refused with its reason (partial acceptance)."""

    __tablename__ = "contribution_declaration_lines"
    __table_args__ = (CheckConstraint(f"kind IN {LINE_KINDS!r}", name="kind"),)

    # No foreign key: lines are only written with their declaration, in the same statement, and
    # checking one per line costs seconds on a million-line file.
    declaration_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str | None] = mapped_column(String(13))
    unit_code: Mapped[str | None] = mapped_column(String(12))
    si_number: Mapped[str | None] = mapped_column(String(10))
    effective_date: Mapped[date | None] = mapped_column(Date)
    until_date: Mapped[date | None] = mapped_column(Date)
    salary: Mapped[int | None] = mapped_column(BigInteger)
    created_person: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    field: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)


class UnpaidLeaveMonth(Base):
    """A month an employer declared its employee absent without pay for too long to contribute."""

    __tablename__ = "contribution_unpaid_leave"
    __table_args__ = (CheckConstraint(FIRST_OF_MONTH, name="month"),)

    si_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)


class ClosedMonth(Base):
    """A month whose bills were computed for every employer."""

    __tablename__ = "contribution_closed_months"
    __table_args__ = (CheckConstraint(FIRST_OF_MONTH, name="month"),)

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BookEntry(Base):
    """One person-month of the SI book, valid for `month`, recorded from/to (never rewritten)."""

    __tablename__ = "contribution_book"
    __table_args__ = (
        CheckConstraint(f"scheme IN {SCHEMES!r}", name="scheme"),
        CheckConstraint(FIRST_OF_MONTH, name="month"),
        CheckConstraint("(scheme = 'compulsory') = (unit_code IS NOT NULL)", name="unit"),
        CheckConstraint("recorded_to IS NULL OR recorded_to > recorded_from", name="recorded"),
        Index("ix_contribution_book_si_number_month", "si_number", "month"),
        Index(
            "ix_contribution_book_current",
            "si_number",
            "scheme",
            "unit_code",
            "month",
            unique=True,
            postgresql_where=text("recorded_to IS NULL"),
            postgresql_nulls_not_distinct=True,
        ),
        Index(
            "ix_contribution_book_unit_month",
            "unit_code",
            "month",
            postgresql_where=text("recorded_to IS NULL"),
        ),
        # An employer's bills as recorded at any instant (allocation), without the carried-over
        # history that outnumbers them.
        Index(
            "ix_contribution_book_unit_billed",
            "unit_code",
            "month",
            postgresql_where=text("NOT carried_over"),
        ),
    )

    entry_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    si_number: Mapped[str] = mapped_column(String(10))
    scheme: Mapped[str] = mapped_column(String(10))
    unit_code: Mapped[str | None] = mapped_column(String(12))
    month: Mapped[date] = mapped_column(Date)
    salary: Mapped[int] = mapped_column(BigInteger)
    base: Mapped[int] = mapped_column(BigInteger)
    pension_survivors_employer: Mapped[int] = mapped_column(BigInteger)
    pension_survivors_employee: Mapped[int] = mapped_column(BigInteger)
    sickness_maternity_employer: Mapped[int] = mapped_column(BigInteger)
    sickness_maternity_employee: Mapped[int] = mapped_column(BigInteger)
    work_injury_employer: Mapped[int] = mapped_column(BigInteger)
    work_injury_employee: Mapped[int] = mapped_column(BigInteger)
    unemployment_employer: Mapped[int] = mapped_column(BigInteger)
    unemployment_employee: Mapped[int] = mapped_column(BigInteger)
    health_employer: Mapped[int] = mapped_column(BigInteger)
    health_employee: Mapped[int] = mapped_column(BigInteger)
    state_support: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    recorded_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # History from before the platform's first month (careers): counted without a bill.
    carried_over: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class Payment(Base):
    """Money an employer paid (append-only); its bank reference makes a retry a no-op."""

    __tablename__ = "contribution_payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount"),
        UniqueConstraint("unit_code", "reference"),
    )

    payment_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("employers.unit_code"))
    amount: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )


class Enrolment(Base):
    """A person's own registration for voluntary SI or household health insurance."""

    __tablename__ = "contribution_enrolments"
    __table_args__ = (
        CheckConstraint("scheme IN ('voluntary', 'household')", name="scheme"),
        CheckConstraint(f"support_group IN {SUPPORT_GROUPS!r}", name="support_group"),
        CheckConstraint(FIRST_OF_MONTH.replace("month", "start_month"), name="start_month"),
        CheckConstraint(
            "(scheme = 'voluntary') = (income IS NOT NULL AND support_group IS NOT NULL)",
            name="voluntary",
        ),
        CheckConstraint(
            "(scheme = 'household') = (household_code IS NOT NULL AND member_number IS NOT NULL)",
            name="household",
        ),
        Index("ix_contribution_enrolments_household_code", "household_code"),
        Index(
            "ix_contribution_enrolments_person",
            "si_number",
            "scheme",
            unique=True,
        ),
    )

    enrolment_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"))
    scheme: Mapped[str] = mapped_column(String(10))
    start_month: Mapped[date] = mapped_column(Date)
    cycle_months: Mapped[int] = mapped_column(Integer)
    income: Mapped[int | None] = mapped_column(BigInteger)
    support_group: Mapped[str | None] = mapped_column(String(15))
    household_code: Mapped[str | None] = mapped_column(String(20))
    member_number: Mapped[int | None] = mapped_column(Integer)
    registered_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class SelfPayment(Base):
    """A self-payer's payment for one cycle of months (append-only, idempotent by reference)."""

    __tablename__ = "contribution_self_payments"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount"),
        CheckConstraint(FIRST_OF_MONTH.replace("month", "first_month"), name="first_month"),
        UniqueConstraint("enrolment_id", "reference"),
    )

    payment_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("contribution_enrolments.enrolment_id"))
    first_month: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    state_support: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
