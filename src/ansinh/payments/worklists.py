"""What payroll officers work from: runs by month with totals, exceptions, overpayments, cash lists.

Every list naming beneficiaries is audited here, once per call, for all the people it shows.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.security.actor import Actor
from ansinh.payments.models import Overpayment, Payment, PaymentException, Run, shown_status
from ansinh.payments.reconcile import totals
from ansinh.payments.schemas import CashLine, ExceptionLine, OverpaymentLine, RunOverview, RunRead
from ansinh.registry import service as registry
from ansinh.rules.history import add_months, month_start

LIMIT = 500


def runs_of_month(
    *, db_session: Session, month: date, province_code: str | None = None
) -> list[RunOverview]:
    """The month's runs (monthly and daily), by province, each with its totals."""
    start = month_start(month)
    statement = (
        select(Run)
        .where(Run.period >= start, Run.period < add_months(start, 1))
        .order_by(Run.province_code, Run.kind.desc(), Run.period)
    )
    if province_code is not None:
        statement = statement.where(Run.province_code == province_code)
    return [
        RunOverview(
            run=RunRead.model_validate(run),
            totals=totals(db_session=db_session, run_id=run.run_id),
        )
        for run in db_session.scalars(statement)
    ]


def exception_lines(
    *, db_session: Session, actor: Actor, purpose: str, status: str = "open"
) -> list[ExceptionLine]:
    """Rejected and returned payments to work, oldest first, with the beneficiary's name."""
    rows = db_session.execute(
        select(PaymentException, Payment.month, Payment.amount)
        .outerjoin(Payment, Payment.payment_id == PaymentException.payment_id)
        .where(PaymentException.status == status)
        .order_by(PaymentException.exception_id)
        .limit(LIMIT)
    ).all()
    names = _names(db_session, [e.si_number for e, _, _ in rows], actor, purpose)
    return [
        ExceptionLine(
            exception_id=e.exception_id,
            si_number=e.si_number,
            full_name=names.get(e.si_number),
            month=month,
            amount=amount,
            reason=e.reason,
            action=e.action,
            status=e.status,
        )
        for e, month, amount in rows
    ]


def overpayment_lines(*, db_session: Session, actor: Actor, purpose: str) -> list[OverpaymentLine]:
    """Overpayments, open ones first, with the beneficiary's name."""
    found = db_session.scalars(
        select(Overpayment)
        .order_by((Overpayment.status != "open"), Overpayment.overpayment_id)
        .limit(LIMIT)
    ).all()
    names = _names(db_session, [o.si_number for o in found], actor, purpose)
    return [
        OverpaymentLine(
            overpayment_id=o.overpayment_id,
            si_number=o.si_number,
            full_name=names.get(o.si_number),
            amount=o.amount,
            recovered=o.recovered,
            status=o.status,
            recovery=o.recovery,
        )
        for o in found
    ]


def cash_lines(*, db_session: Session, run_id: int, actor: Actor, purpose: str) -> list[CashLine]:
    """A run's cash payments by paying place, with each beneficiary's name."""
    found = db_session.execute(
        select(Payment, Run.status)
        .join(Run, Run.run_id == Payment.run_id)
        .where(Payment.run_id == run_id, Payment.channel == "cash")
        .order_by(Payment.place, Payment.payment_id)
    ).all()
    names = _names(db_session, [p.si_number for p, _ in found], actor, purpose)
    return [
        CashLine(
            end_to_end_id=p.end_to_end_id,
            si_number=p.si_number,
            full_name=names.get(p.si_number),
            place=p.place,
            month=p.month,
            amount=p.amount,
            status=shown_status(p.status, run_status),
        )
        for p, run_status in found
    ]


def _names(
    db_session: Session, si_numbers: list[str], actor: Actor, purpose: str
) -> dict[str, str]:
    """The names of the people a list shows; the read is audited for all of them at once."""
    if not si_numbers:
        return {}
    people = registry.get_persons(db_session=db_session, si_numbers=set(si_numbers))
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=sorted(set(si_numbers)),
        action="read",
        resource="payments.worklist",
        purpose=purpose,
    )
    return {si: p.full_name for si, p in people.items()}
