"""Months paid ahead of the monthly payroll, and payments found not owed after the fact.

A monthly schedule granted after its province's run of the month would wait for next month's
run to pay its arrears. `pay_early` turns each unpaid month up to `through` into a one-off that
the next daily run pays, and moves the schedule's arrears past them, so no month is paid twice.
`recover` records payments later found not owed (an entitlement ended by a ground that took
effect before them) as overpayments to recover, as a death does.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.payments.models import FAILED, Overpayment, Payment, Run, Schedule
from ansinh.payments.schemas import PaidLine, Recovery
from ansinh.rules.history import add_months, month_start

EARLY = uuid.UUID("6f1c1b1e-4a53-4b7c-9f55-0c1d2e3f4a5b")


def early_id(schedule_id: uuid.UUID, month: date) -> uuid.UUID:
    """The one-off schedule that pays `month` of a monthly schedule ahead of its payroll."""
    return uuid.uuid5(EARLY, f"{schedule_id}:{month_start(month).isoformat()}")


def run_done(*, db_session: Session, province_code: str, month: date) -> bool:
    """Whether the province's monthly run of `month` is computed (later schedules wait a month)."""
    found = db_session.scalar(
        select(Run.run_id).where(
            Run.kind == "monthly",
            Run.period == month_start(month),
            Run.province_code == province_code,
        )
    )
    return found is not None


def pay_early(
    *, db_session: Session, schedule_id: uuid.UUID, through: date, on: date
) -> list[date]:
    """Pay an active monthly schedule's unpaid months up to `through` in the daily run of `on`
    (or the next one); the months so instructed. Idempotent: a month already paid or already
    instructed is left alone."""
    schedule = db_session.get(Schedule, schedule_id, with_for_update=True)
    if schedule is None or schedule.kind != "monthly" or schedule.status != "active":
        return []
    if schedule.arrears_from is None:
        return []
    last = month_start(min(through, schedule.end or through))
    first = max(schedule.start, schedule.arrears_from)
    paid = set(
        db_session.scalars(
            select(Payment.month).where(
                Payment.si_number == schedule.si_number,  # `uq_payments_once` leads with it
                Payment.schedule_id == schedule_id,
                Payment.status.not_in(FAILED),
            )
        )
    )
    months: list[date] = []
    month = first
    while month <= last:
        if month not in paid:
            new = db_session.scalar(
                insert(Schedule)
                .values(
                    schedule_id=early_id(schedule_id, month),
                    si_number=schedule.si_number,
                    province_code=schedule.province_code,
                    area=schedule.area,
                    kind="one_off",
                    purpose=schedule.purpose,
                    amount=schedule.amount,
                    start=on,
                    granted_on=schedule.granted_on,
                    status="active",
                )
                .on_conflict_do_nothing(index_elements=["schedule_id"])
                .returning(Schedule.schedule_id)
            )
            if new is not None:
                months.append(month)
        month = add_months(month, 1)
    if first <= last:
        schedule.arrears_from = add_months(last, 1)
    db_session.flush()
    return months


def lines_of(*, db_session: Session, schedule_ids: Sequence[uuid.UUID]) -> list[PaidLine]:
    """The live payments of these schedules with their runs' pay dates, by schedule and month."""
    rows = db_session.execute(
        select(Payment.payment_id, Payment.schedule_id, Payment.month, Payment.amount, Run.pay_date)
        .join(Run, Run.run_id == Payment.run_id)
        .where(Payment.schedule_id.in_(schedule_ids), Payment.status.not_in(FAILED))
        .order_by(Payment.schedule_id, Payment.month)
    ).all()
    return [
        PaidLine(payment_id=r[0], schedule_id=r[1], month=r[2], amount=r[3], pay_date=r[4])
        for r in rows
    ]


def recover(*, db_session: Session, si_number: str, amounts: dict[int, int]) -> list[Recovery]:
    """Record each payment (id → amount not owed) as an overpayment to recover, once; where the
    recovery of each stands."""
    if amounts:
        db_session.execute(
            insert(Overpayment)
            .values(
                [
                    {"payment_id": p, "si_number": si_number, "amount": a}
                    for p, a in amounts.items()
                    if a > 0
                ]
            )
            .on_conflict_do_nothing(index_elements=["payment_id"])
        )
    return recoveries(db_session=db_session, payment_ids=list(amounts))


def recoveries(*, db_session: Session, payment_ids: Sequence[int]) -> list[Recovery]:
    """Where the recovery of the overpayments made of these payments stands."""
    if not payment_ids:
        return []
    found = db_session.scalars(
        select(Overpayment)
        .where(Overpayment.payment_id.in_(payment_ids))
        .order_by(Overpayment.payment_id)
        .execution_options(populate_existing=True)
    ).all()
    return [
        Recovery(
            payment_id=o.payment_id or 0,
            overpayment_id=o.overpayment_id,
            amount=o.amount,
            recovered=o.recovered,
            status=o.status,
        )
        for o in found
    ]


__all__ = ["early_id", "lines_of", "pay_early", "recover", "recoveries", "run_done"]
