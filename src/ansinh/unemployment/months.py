"""Benefit months: each one's payment deadline, its payment instructed in time, lateness, and
the months a termination ground turned into overpayments to recover.

The daily check (`unemployment:months`) opens a row per payable month as it begins, reads the
payment days back from payments, instructs in the next daily run the months a province's monthly
run has already passed by (a grant decided after it would otherwise wait a month), and flags
those not paid by their due day.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.security.actor import Actor
from ansinh.payments import service as payments
from ansinh.rules.history import add_months, month_start
from ansinh.unemployment.deadlines import due, not_owed
from ansinh.unemployment.models import BenefitMonth, Entitlement
from ansinh.unemployment.schemas import MonthRead, MonthsChecked

RESOURCE = "unemployment.month"


def _months(first: date, last: date) -> Iterator[date]:
    month = month_start(first)
    while month <= last:
        yield month
        month = add_months(month, 1)


def _claim_first_month(db_session: Session, claim_id: uuid.UUID) -> date:
    """Month 1 of a claim: its first entitlement's (a transfer's later ones are not month 1)."""
    first = db_session.scalar(
        select(func.min(Entitlement.first_month)).where(Entitlement.claim_id == claim_id)
    )
    assert first is not None
    return first


def _row(entitlement: Entitlement, month: date, first: date) -> dict[str, object]:
    decided = entitlement.decided_on or entitlement.first_month
    when = due(
        month=month, first_month=first, decided_on=decided, known_on=entitlement.payable_since
    )
    return {
        "entitlement_id": entitlement.entitlement_id,
        "month": month,
        "si_number": entitlement.si_number,
        "province_code": entitlement.province_code,
        "trigger_on": when.trigger_on,
        "due_on": when.due_on,
    }


def check(*, db_session: Session, today: date) -> MonthsChecked:
    """The day's check: open the months now payable, read payments back, instruct, flag late."""
    current = month_start(today)
    tracked = (
        select(func.max(BenefitMonth.month))
        .where(BenefitMonth.entitlement_id == Entitlement.entitlement_id)
        .scalar_subquery()
    )
    active = db_session.scalars(
        select(Entitlement).where(
            Entitlement.scheduled,
            Entitlement.status == "active",
            Entitlement.first_month <= current,
            func.coalesce(tracked, date.min) < func.least(Entitlement.last_month, current),
        )
    ).all()
    opened = 0
    for entitlement in active:
        first = _claim_first_month(db_session, entitlement.claim_id)
        rows = [
            _row(entitlement, month, first)
            for month in _months(entitlement.first_month, min(entitlement.last_month, current))
        ]
        opened += len(
            db_session.execute(
                insert(BenefitMonth)
                .values(rows)
                .on_conflict_do_nothing()
                .returning(BenefitMonth.month)
            ).all()
        )
    paid = _read_payments(db_session)
    instructed = _instruct(db_session, today)
    # Paid after the due day, or unpaid past it while still payable (a month held for a ground
    # or suspended is not owed until the centre decides).
    payable = (
        select(Entitlement.entitlement_id)
        .where(
            Entitlement.entitlement_id == BenefitMonth.entitlement_id,
            Entitlement.status == "active",
        )
        .exists()
    )
    late = db_session.execute(
        update(BenefitMonth)
        .where(
            ~BenefitMonth.late,
            BenefitMonth.overpaid_by.is_(None),
            (
                (BenefitMonth.paid_on > BenefitMonth.due_on)
                | (BenefitMonth.paid_on.is_(None) & (BenefitMonth.due_on < today) & payable)
            ),
        )
        .values(late=True)
    ).rowcount  # type: ignore[attr-defined]
    db_session.flush()
    return MonthsChecked(opened=opened, paid=paid, instructed=instructed, late=int(late))


def _read_payments(db_session: Session) -> int:
    """Fill in the day each unpaid month was paid (by the monthly run or ahead of it)."""
    unpaid = db_session.scalars(select(BenefitMonth).where(BenefitMonth.paid_on.is_(None))).all()
    if not unpaid:
        return 0
    monthly = {row.entitlement_id for row in unpaid}
    early = {
        payments.early_id(r.entitlement_id, r.month): (r.entitlement_id, r.month) for r in unpaid
    }
    found: dict[tuple[uuid.UUID, date], tuple[int, date]] = {}
    for line in payments.lines_of(db_session=db_session, schedule_ids=[*monthly, *early]):
        key = (
            (line.schedule_id, line.month)
            if line.schedule_id in monthly
            else early[line.schedule_id]
        )
        found.setdefault(key, (line.payment_id, line.pay_date))
    for row in unpaid:
        hit = found.get((row.entitlement_id, row.month))
        if hit is not None:
            row.payment_id, row.paid_on = hit
    return sum(1 for r in unpaid if r.paid_on is not None)


def _instruct(db_session: Session, today: date) -> int:
    """Months whose clock has started, unpaid, that no monthly run will pay this month: ahead."""
    current = month_start(today)
    waiting = db_session.execute(
        select(BenefitMonth.entitlement_id, func.max(BenefitMonth.month))
        .join(Entitlement, Entitlement.entitlement_id == BenefitMonth.entitlement_id)
        .where(
            BenefitMonth.paid_on.is_(None),
            BenefitMonth.instructed_on.is_(None),
            BenefitMonth.overpaid_by.is_(None),
            BenefitMonth.trigger_on <= today,
            Entitlement.status == "active",
            Entitlement.scheduled,
        )
        .group_by(BenefitMonth.entitlement_id)
    ).all()
    instructed = 0
    passed: dict[str, bool] = {}
    for entitlement_id, through in waiting:
        entitlement = db_session.get(Entitlement, entitlement_id)
        assert entitlement is not None
        province = entitlement.province_code
        if province not in passed:
            passed[province] = payments.run_done(
                db_session=db_session, province_code=province, month=current
            )
        if not passed[province]:
            continue  # this month's run (on its first working day) pays them
        months = payments.pay_early(
            db_session=db_session, schedule_id=entitlement_id, through=through, on=today
        )
        if months:
            db_session.execute(
                update(BenefitMonth)
                .where(
                    BenefitMonth.entitlement_id == entitlement_id, BenefitMonth.month.in_(months)
                )
                .values(instructed_on=today)
            )
            instructed += len(months)
    return instructed


def redate(*, db_session: Session, entitlement: Entitlement) -> int:
    """Months opened but unpaid before a suspension or hold are due again from the day the
    benefit became payable again (`payable_since`); those already late stay late. How many."""
    rows = db_session.scalars(
        select(BenefitMonth).where(
            BenefitMonth.entitlement_id == entitlement.entitlement_id,
            BenefitMonth.paid_on.is_(None),
            ~BenefitMonth.late,
            BenefitMonth.overpaid_by.is_(None),
        )
    ).all()
    if not rows:
        return 0
    first = _claim_first_month(db_session, entitlement.claim_id)
    for row in rows:
        when = due(
            month=row.month,
            first_month=first,
            decided_on=entitlement.decided_on or entitlement.first_month,
            known_on=entitlement.payable_since,
        )
        row.trigger_on, row.due_on = when.trigger_on, when.due_on
    db_session.flush()
    return len(rows)


def overpay(*, db_session: Session, entitlement: Entitlement, ends_on: date, by: str) -> int:
    """Months paid for after the entitlement ended (the day before `ends_on`) become overpayments
    to recover through payments, once; the amount not owed in all."""
    if not entitlement.scheduled:
        return 0
    months = list(_months(entitlement.first_month, entitlement.last_month))
    early = {payments.early_id(entitlement.entitlement_id, m): m for m in months}
    lines = payments.lines_of(
        db_session=db_session, schedule_ids=[entitlement.entitlement_id, *early]
    )
    amounts: dict[int, int] = {}
    month_of: dict[int, date] = {}
    for line in lines:
        month = early.get(line.schedule_id, line.month)
        owed_back = not_owed(amount=line.amount, month=month, ends_on=ends_on)
        if owed_back > 0:
            amounts[line.payment_id], month_of[line.payment_id] = owed_back, month
    if not amounts:
        return 0
    payments.recover(db_session=db_session, si_number=entitlement.si_number, amounts=amounts)
    first = _claim_first_month(db_session, entitlement.claim_id)
    for payment_id, amount in amounts.items():
        line = next(x for x in lines if x.payment_id == payment_id)
        row = _row(entitlement, month_of[payment_id], first) | {
            "paid_on": line.pay_date,
            "payment_id": payment_id,
            "overpaid_by": by,
            "overpaid": amount,
        }
        db_session.execute(
            insert(BenefitMonth)
            .values(row)
            .on_conflict_do_update(
                index_elements=["entitlement_id", "month"],
                set_={
                    "overpaid_by": by,
                    "overpaid": amount,
                    "paid_on": line.pay_date,
                    "payment_id": payment_id,
                },
                where=BenefitMonth.overpaid_by.is_(None),
            )
        )
    db_session.flush()
    return sum(amounts.values())


def months_of(
    *, db_session: Session, si_number: str, actor: Actor, purpose: str
) -> list[MonthRead]:
    """A person's benefit months with due and payment days and overpayments; audited."""
    rows = db_session.scalars(
        select(BenefitMonth)
        .where(BenefitMonth.si_number == si_number)
        .order_by(BenefitMonth.month, BenefitMonth.entitlement_id)
    ).all()
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[si_number],
        action="read",
        resource=RESOURCE,
        purpose=purpose,
    )
    return _with_recovery(db_session, rows)


def _with_recovery(db_session: Session, rows: Sequence[BenefitMonth]) -> list[MonthRead]:
    overpaid = [r.payment_id for r in rows if r.overpaid_by and r.payment_id is not None]
    found = {
        r.payment_id: r for r in payments.recoveries(db_session=db_session, payment_ids=overpaid)
    }
    out: list[MonthRead] = []
    for row in rows:
        read = MonthRead.model_validate(row)
        recovery = found.get(row.payment_id or 0)
        if row.overpaid_by and recovery is not None:
            read.recovered, read.recovery_status = recovery.recovered, recovery.status
        out.append(read)
    return out


def watch(*, db_session: Session, actor: Actor, purpose: str, limit: int = 100) -> list[MonthRead]:
    """Months for officers: late (unpaid past due or paid late) and overpaid, newest due first;
    the read is audited per person."""
    rows = db_session.scalars(
        select(BenefitMonth)
        .where(BenefitMonth.late | BenefitMonth.overpaid_by.is_not(None))
        .order_by(BenefitMonth.due_on.desc())
        .limit(limit)
    ).all()
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=sorted({r.si_number for r in rows}),
        action="read",
        resource=RESOURCE,
        purpose=purpose,
    )
    return _with_recovery(db_session, rows)


def in_time(db_session: Session) -> tuple[int, int, int]:
    """Scorecard: months paid, of them paid by their due day, and months unpaid past due."""
    paid, within, late_open = db_session.execute(
        select(
            func.count().filter(BenefitMonth.paid_on.is_not(None)),
            func.count().filter(BenefitMonth.paid_on <= BenefitMonth.due_on),
            func.count().filter(BenefitMonth.paid_on.is_(None), BenefitMonth.late),
        )
    ).one()
    return int(paid), int(within), int(late_open)
