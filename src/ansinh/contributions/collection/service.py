"""Employer payments, monthly statements, accounts and the arrears list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.contributions import policy
from ansinh.contributions.allocation import AS_RECORDED, Bill, allocate, interest_vnd
from ansinh.contributions.book.record import now
from ansinh.contributions.charges import AMOUNTS
from ansinh.contributions.exceptions import PaymentReferenceReused
from ansinh.contributions.models import Payment
from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.registry.service import get_employer


def record_payment(
    *, db_session: Session, unit_code: str, amount: int, paid_on: date, reference: str
) -> tuple[Payment, bool]:
    """Record a payment once; a retry with the same reference returns it (created = False)."""
    get_employer(db_session=db_session, unit_code=unit_code)
    if paid_on > clock.today():
        raise Unprocessable("paid_on: a payment is recorded once it is made, not before")
    payment_id = db_session.scalar(
        insert(Payment)
        .values(unit_code=unit_code, amount=amount, paid_on=paid_on, reference=reference)
        .on_conflict_do_nothing(index_elements=["unit_code", "reference"])
        .returning(Payment.payment_id)
    )
    payment = db_session.scalar(
        select(Payment).where(Payment.unit_code == unit_code, Payment.reference == reference)
    )
    assert payment is not None  # inserted now or before
    if payment_id is None and (payment.amount, payment.paid_on) != (amount, paid_on):
        raise PaymentReferenceReused()
    return payment, payment_id is not None


def list_payments(*, unit_code: str) -> Select[Payment]:
    """Build the query of an employer's payments, newest first."""
    return (
        select(Payment)
        .where(Payment.unit_code == unit_code)
        .order_by(Payment.paid_on.desc(), Payment.payment_id.desc())
    )


@dataclass(frozen=True)
class MonthAccount:
    """One month of an employer's account."""

    month: date
    deadline: date
    due: int
    paid: int
    outstanding: int
    interest: int
    counted_funds: list[str]


def account(*, db_session: Session, unit_code: str, at: datetime) -> tuple[list[MonthAccount], int]:
    """The employer's months (due, paid, owed, interest) and its unallocated credit."""
    get_employer(db_session=db_session, unit_code=unit_code)
    bills = allocate(db_session=db_session, unit_codes=[unit_code], at=at)
    by_month: dict[date, list[Bill]] = defaultdict(list)
    for bill in bills:
        by_month[bill.month].append(bill)
    share = policy.counted_paid_share(at.date())
    months = [
        MonthAccount(
            month=month,
            deadline=policy.payment_deadline(month),
            due=sum(b.due for b in group),
            paid=sum(b.paid for b in group),
            outstanding=sum(b.due - b.paid for b in group),
            interest=interest_vnd(group, at.date()),
            counted_funds=[b.fund for b in group if b.counts(share)],
        )
        for month, group in sorted(by_month.items())
    ]
    paid_in = db_session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.unit_code == unit_code, Payment.recorded_at <= at
        )
    )
    return months, int(paid_in or 0) - sum(m.paid for m in months)


@dataclass(frozen=True)
class Statement:
    """An employer's bill for one month: headcount, bases and every fund's shares."""

    unit_code: str
    month: date
    persons: int
    base_total: int
    shares: dict[str, int]
    account: MonthAccount | None


def statement(*, db_session: Session, unit_code: str, month: date, at: datetime) -> Statement:
    """The employer's statement for `month` as recorded at `at`."""
    totals = db_session.execute(
        text(
            "SELECT count(DISTINCT b.si_number), coalesce(sum(b.base), 0), "
            + ", ".join(f"coalesce(sum(b.{a}), 0)" for a in AMOUNTS)
            + " FROM contribution_book b WHERE b.scheme = 'compulsory' "
            f"AND b.unit_code = :unit AND b.month = :month AND {AS_RECORDED}"
        ),
        {"unit": unit_code, "month": month, "at": at},
    ).one()
    months, _ = account(db_session=db_session, unit_code=unit_code, at=at)
    return Statement(
        unit_code=unit_code,
        month=month,
        persons=int(totals[0]),
        base_total=int(totals[1]),
        shares={name: int(value) for name, value in zip(AMOUNTS, totals[2:], strict=True)},
        account=next((m for m in months if m.month == month), None),
    )


@dataclass(frozen=True)
class Arrears:
    """An employer owing contributions past their deadline."""

    unit_code: str
    name: str
    months: int
    oldest_month: date
    outstanding: int


def list_arrears(*, db_session: Session, on: date, province_code: str | None) -> list[Arrears]:
    """Employers with contributions unpaid on `on` after their deadline, largest debt first."""
    units = list(
        db_session.scalars(
            text(
                "SELECT DISTINCT b.unit_code FROM contribution_book b "
                "JOIN employers e USING (unit_code) WHERE b.recorded_to IS NULL "
                "AND b.scheme = 'compulsory' AND (CAST(:province AS text) IS NULL "
                "OR e.province_code = :province)"
            ),
            {"province": province_code},
        )
    )
    late: dict[str, list[Bill]] = defaultdict(list)
    for bill in allocate(db_session=db_session, unit_codes=units, at=now(db_session), on=on):
        if bill.paid < bill.due and policy.payment_deadline(bill.month) < on:
            late[bill.unit_code].append(bill)
    names: dict[str, str] = dict(
        db_session.execute(
            text("SELECT unit_code, name FROM employers WHERE unit_code = ANY(:units)"),
            {"units": list(late)},
        ).all()
    )
    found = [
        Arrears(
            unit_code=unit,
            name=names[unit],
            months=len({b.month for b in bills}),
            oldest_month=min(b.month for b in bills),
            outstanding=sum(b.due - b.paid for b in bills),
        )
        for unit, bills in late.items()
    ]
    return sorted(found, key=lambda a: (-a.outstanding, a.unit_code))
