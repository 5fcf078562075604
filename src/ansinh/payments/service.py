"""Payments' public verbs: a person's payments and next payment, channels, schedules, figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.security.actor import Actor
from ansinh.payments.channels import channel_in_force, inquire, set_channel
from ansinh.payments.deaths import name_heir
from ansinh.payments.early import early_id, lines_of, pay_early, recover, recoveries, run_done
from ansinh.payments.indexation import factor
from ansinh.payments.models import Payment, PaymentException, Run, shown_status
from ansinh.payments.runs import approve as approve_run
from ansinh.payments.schedules import (
    create_schedule,
    create_schedules,
    end_schedule,
    hold,
    resume,
    schedules_of,
)
from ansinh.payments.schemas import AccountShare, HistoryRead, NextPayment, PaymentRead
from ansinh.payments.worklists import cash_lines, exception_lines, overpayment_lines, runs_of_month
from ansinh.rules.calendar import first_working_day
from ansinh.rules.history import add_months, month_start
from ansinh.rules.money import to_vnd

__all__ = [
    "account_share",
    "approve_run",
    "cash_lines",
    "create_schedule",
    "create_schedules",
    "early_id",
    "end_schedule",
    "exception_lines",
    "exceptions",
    "history",
    "hold",
    "inquire",
    "name_heir",
    "lines_of",
    "overpayment_lines",
    "pay_early",
    "recover",
    "recoveries",
    "resume",
    "run_done",
    "runs_of_month",
    "set_channel",
]


def history(*, db_session: Session, si_number: str, actor: Actor, purpose: str) -> HistoryRead:
    """A person's payments, newest first, and the next monthly payment; the read is audited."""
    rows = db_session.execute(
        select(Payment, Run.pay_date, Run.status)
        .join(Run, Run.run_id == Payment.run_id)
        .where(Payment.si_number == si_number)
        .order_by(Payment.month.desc(), Payment.payment_id.desc())
    ).all()
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[si_number],
        action="read",
        resource="payments.history",
        purpose=purpose,
    )
    return HistoryRead(
        payments=[
            PaymentRead(
                end_to_end_id=p.end_to_end_id,
                month=p.month,
                amount=p.amount,
                purpose=p.purpose,
                channel=p.channel,
                account_ending=p.account_number[-4:] if p.account_number else None,
                status=shown_status(p.status, run_status),
                reason=p.reason,
                pay_date=pay_date,
            )
            for p, pay_date, run_status in rows
        ],
        next_payment=_next_payment(db_session, si_number, {p.month for p, _, _ in rows}),
    )


def _next_payment(db_session: Session, si_number: str, paid: set[date]) -> NextPayment | None:
    today = clock.today()
    month = month_start(today)
    if month in paid or today > first_working_day(month):
        month = add_months(month, 1)
    due = [
        s
        for s in schedules_of(db_session=db_session, si_number=si_number)
        if s.kind == "monthly"
        and s.status == "active"
        and s.start <= month
        and (s.end is None or month <= s.end)
    ]
    if not due:
        return None
    channel = channel_in_force(db_session=db_session, si_number=si_number, month=month)
    return NextPayment(
        month=month,
        pay_date=first_working_day(month),
        amount=sum(to_vnd(s.amount * factor(granted_on=s.granted_on, month=month)) for s in due),
        channel=channel.kind if channel else None,
    )


def account_share(*, db_session: Session, month: date) -> AccountShare:
    """Share of monthly beneficiaries in force in `month` paid into an account, by area."""
    rows = db_session.execute(
        text(
            "SELECT s.area, GROUPING(s.area) AS whole, count(*) AS n, "
            "count(*) FILTER (WHERE c.kind = 'account') AS acc "
            "FROM (SELECT DISTINCT ON (si_number) si_number, area FROM payment_schedules "
            "      WHERE kind = 'monthly' AND status = 'active' AND start <= :month "
            '      AND ("end" IS NULL OR "end" >= :month) ORDER BY si_number, start) s '
            "LEFT JOIN LATERAL (SELECT kind FROM payment_channels c WHERE c.si_number = "
            "  s.si_number AND c.effective_from <= :month "
            "  ORDER BY c.effective_from DESC, c.channel_id DESC LIMIT 1) c ON true "
            "GROUP BY ROLLUP (s.area)"
        ),
        {"month": month_start(month)},
    ).all()
    shares: dict[str, float | None] = {"urban": None, "rural": None, "overall": None}
    for row in rows:
        key = "overall" if row.whole else row.area
        if key in shares and row.n:
            shares[key] = round(100 * row.acc / row.n, 1)
    return AccountShare(**shares)


def exceptions(
    *, db_session: Session, status: str = "open", limit: int = 500
) -> list[PaymentException]:
    """Rejected and returned payments to work, oldest first."""
    return list(
        db_session.scalars(
            select(PaymentException)
            .where(PaymentException.status == status)
            .order_by(PaymentException.exception_id)
            .limit(limit)
        )
    )
