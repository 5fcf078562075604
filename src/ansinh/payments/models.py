"""Payment tables: channels, schedules, payroll runs and their payments, the bank's reports."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
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
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

CHANNELS = ("account", "cash", "employer")
PURPOSES = ("PENS", "SSBE", "BENE")
SCHEDULE_KINDS = ("monthly", "one_off")
SCHEDULE_STATUSES = ("active", "held", "suspended", "ended")
RUN_KINDS = ("monthly", "daily")
RUN_STATUSES = ("draft", "approved", "sent")
PAYMENT_STATUSES = (
    "computed",
    "instructed",
    "accepted",
    "booked",
    "rejected",
    "returned",
    "paid_cash",
    "unpaid_cash",
)
FAILED = ("rejected", "returned", "unpaid_cash")
"""Payment states that leave the month unpaid: a later attempt may pay it."""
LIVE_SQL = f"CASE WHEN status NOT IN {FAILED!r} THEN true END"
"""A payment that pays (or may still pay) its month: true, else NULL (`uq_payments_once`)."""
END_TO_END_PREFIX, END_TO_END_DIGITS = "ANSINH-P", 16
END_TO_END_SQL = f"'{END_TO_END_PREFIX}' || lpad(payment_id::text, {END_TO_END_DIGITS}, '0')"
"""A payment's EndToEndId, kept by the bank through every report."""
OVERPAYMENT_STATUSES = ("open", "recovered", "written_off")
EXCEPTION_STATUSES = ("open", "resolved")
MESSAGE_KINDS = ("pain.002", "camt.054", "camt.053")
FIRST_OF_MONTH = "extract(day from {}) = 1"
# What a payroll run reads of a schedule and of a channel (`runs.RUN`), carried by the indexes
# it reads them through, so a national run never visits those tables' pages.
SCHEDULE_COLUMNS = (
    "schedule_id",
    "si_number",
    "purpose",
    "amount",
    "start",
    "end",
    "arrears_from",
    "granted_on",
    "proof_of_life_on",
)
CHANNEL_COLUMNS = (
    "kind",
    "bank_bin",
    "account_number",
    "holder",
    "place",
    "unit_code",
    "authorised_on",
)


def shown_status(status: str, run_status: str) -> str:
    """A payment's state as people see it: a computed line of a sent run is with the bank."""
    return "instructed" if status == "computed" and run_status == "sent" else status


class Channel(Base):
    """Where a person is paid from a payroll month on (the newest row in force wins)."""

    __tablename__ = "payment_channels"
    __table_args__ = (
        CheckConstraint(f"kind IN {CHANNELS!r}", name="kind"),
        CheckConstraint(FIRST_OF_MONTH.format("effective_from"), name="month"),
        CheckConstraint(
            "(kind = 'account') = (bank_bin IS NOT NULL AND account_number IS NOT NULL)",
            name="account",
        ),
        # The channel in force: the newest row by (effective_from, channel_id), one probe of
        # this index alone (it carries every column a run reads; see `CHANNEL_COLUMNS`).
        Index(
            "ix_payment_channels_person",
            "si_number",
            "effective_from",
            "channel_id",
            postgresql_include=list(CHANNEL_COLUMNS),
        ),
    )

    channel_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    si_number: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(8))
    bank_bin: Mapped[str | None] = mapped_column(String(6))
    account_number: Mapped[str | None] = mapped_column(String(19))
    holder: Mapped[str | None] = mapped_column(String(70))
    place: Mapped[str | None] = mapped_column(String(100))
    unit_code: Mapped[str | None] = mapped_column(String(12))
    authorised_on: Mapped[date | None] = mapped_column(Date)
    effective_from: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Schedule(Base):
    """Money owed to one person: a monthly amount from `start`, or a one-off sum."""

    __tablename__ = "payment_schedules"
    __table_args__ = (
        CheckConstraint(f"kind IN {SCHEDULE_KINDS!r}", name="kind"),
        CheckConstraint(f"purpose IN {PURPOSES!r}", name="purpose"),
        CheckConstraint(f"status IN {SCHEDULE_STATUSES!r}", name="status"),
        CheckConstraint("area IN ('urban', 'rural')", name="area"),
        CheckConstraint(FIRST_OF_MONTH.format("start") + " OR kind = 'one_off'", name="start"),
        # A province's run reads its schedules from this index alone (`SCHEDULE_COLUMNS`),
        # not from heap pages scattered over the whole table.
        Index(
            "ix_payment_schedules_run",
            "province_code",
            "kind",
            "status",
            postgresql_include=list(SCHEDULE_COLUMNS),
        ),
        Index("ix_payment_schedules_person", "si_number"),
    )

    schedule_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    si_number: Mapped[str] = mapped_column(String(10))
    province_code: Mapped[str] = mapped_column(String(2))
    area: Mapped[str | None] = mapped_column(String(5))
    kind: Mapped[str] = mapped_column(String(8))
    purpose: Mapped[str] = mapped_column(String(4))
    amount: Mapped[int] = mapped_column(BigInteger)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    granted_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(9), server_default="active")
    status_reason: Mapped[str | None] = mapped_column(String(32))
    status_since: Mapped[date | None] = mapped_column(Date)
    arrears_from: Mapped[date | None] = mapped_column(Date)
    proof_of_life_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Payee(Base):
    """Who is paid a one-off instead of the person's channel: the claim's account or cash."""

    __tablename__ = "payment_payees"
    __table_args__ = (
        CheckConstraint("kind IN ('account', 'cash')", name="kind"),
        CheckConstraint(
            "(kind = 'account') = (bank_bin IS NOT NULL AND account_number IS NOT NULL)",
            name="account",
        ),
    )

    schedule_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    bank_bin: Mapped[str | None] = mapped_column(String(6))
    account_number: Mapped[str | None] = mapped_column(String(19))
    holder: Mapped[str | None] = mapped_column(String(70))


class Run(Base):
    """One payroll: a month's (monthly) or a day's (daily, one-offs) payments of a province."""

    __tablename__ = "payroll_runs"
    __table_args__ = (
        CheckConstraint(f"kind IN {RUN_KINDS!r}", name="kind"),
        CheckConstraint(f"status IN {RUN_STATUSES!r}", name="status"),
        UniqueConstraint("kind", "period", "province_code", name="uq_payroll_runs_period"),
    )

    run_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(7))
    period: Mapped[date] = mapped_column(Date)
    province_code: Mapped[str] = mapped_column(String(2))
    pay_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), server_default="draft")
    lines: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    total: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    computed_by: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    msg_id: Mapped[str | None] = mapped_column(String(35), unique=True)
    file_id: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Payment(Base):
    """One payment of one month (or one-off) to one person, with its state at the bank."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(f"status IN {PAYMENT_STATUSES!r}", name="status"),
        CheckConstraint(f"channel IN {CHANNELS!r}", name="channel"),
        CheckConstraint("amount > 0", name="amount"),
        # At most one live payment per schedule and month (a failed one's last key is NULL, and
        # NULLs never collide). The same index finds a person's payments: it leads with the SI
        # number, and a run writes its lines in that order, so it is walked once from end to end.
        # The last key is an expression, not a stored column: a unique index on plain columns
        # would make every change of status a key update, locking out the foreign-key checks of
        # overpayments and exceptions (a death recorded while a report is applied deadlocked).
        Index(
            "uq_payments_once",
            "si_number",
            "month",
            "schedule_id",
            text(f"({LIVE_SQL})"),
            unique=True,
        ),
        # Lines are written run after run, so a block-range index finds a run's lines at a
        # fraction of a b-tree's cost to maintain (a national run writes 3.5 million).
        # Several values per range: runs computed side by side interleave their pages.
        Index(
            "ix_payments_run",
            "run_id",
            postgresql_using="brin",
            postgresql_ops={"run_id": "int8_minmax_multi_ops"},
        ),
    )

    payment_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    # Made from `payment_id`, so it is unique without an index of its own; the bank's reports
    # are matched back through the primary key (`pain001.payment_id_of`).
    end_to_end_id: Mapped[str] = mapped_column(
        String(35, collation="C"), Computed(END_TO_END_SQL, persisted=True)
    )
    # No foreign key: lines are only written by their run's own statement, and checking one
    # per line costs seconds on a national payroll.
    run_id: Mapped[int] = mapped_column(BigInteger)
    schedule_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    si_number: Mapped[str] = mapped_column(String(10, collation="C"))
    month: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    purpose: Mapped[str] = mapped_column(String(4))
    channel: Mapped[str] = mapped_column(String(8))
    bank_bin: Mapped[str | None] = mapped_column(String(6))
    account_number: Mapped[str | None] = mapped_column(String(19))
    holder: Mapped[str | None] = mapped_column(String(70))
    place: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(11), server_default="computed")
    reason: Mapped[str | None] = mapped_column(String(4))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Overpayment(Base):
    """Money paid that was not owed (after death, or by a superseded decision) and its recovery."""

    __tablename__ = "payment_overpayments"
    __table_args__ = (
        CheckConstraint(f"status IN {OVERPAYMENT_STATUSES!r}", name="status"),
        CheckConstraint("(payment_id IS NULL) <> (entitlement_id IS NULL)", name="origin"),
    )

    overpayment_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    payment_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("payments.payment_id"), unique=True
    )
    entitlement_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), unique=True)
    si_number: Mapped[str] = mapped_column(String(10), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    recovered: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    status: Mapped[str] = mapped_column(String(11), server_default="open")
    recovery: Mapped[str | None] = mapped_column(String(16))
    decided_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Estate(Base):
    """What a deceased beneficiary was still owed (months up to the death), set off and payable."""

    __tablename__ = "payment_estates"

    si_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    date_of_death: Mapped[date] = mapped_column(Date)
    owed: Mapped[int] = mapped_column(BigInteger)
    set_off: Mapped[int] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class PaymentException(Base):
    """Work for an officer: a rejected or returned payment, or a death the bank reported."""

    __tablename__ = "payment_exceptions"
    __table_args__ = (
        CheckConstraint(f"status IN {EXCEPTION_STATUSES!r}", name="status"),
        UniqueConstraint("payment_id", name="uq_payment_exceptions_payment_id"),
    )

    exception_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    payment_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("payments.payment_id"))
    si_number: Mapped[str] = mapped_column(String(10), index=True)
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(8), server_default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    resolved_by: Mapped[str | None] = mapped_column(String(64))


class BankMessage(Base):
    """A report from the bank, stored before it is acted on (deduplicated by sequence and id)."""

    __tablename__ = "payment_bank_messages"
    __table_args__ = (CheckConstraint(f"kind IN {MESSAGE_KINDS!r}", name="kind"),)

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    msg_id: Mapped[str] = mapped_column(String(35), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    xml: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
