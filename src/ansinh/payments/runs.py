"""Payroll runs: computed set-based from schedules and channels, approved by a second officer.

A run is computed once per (kind, period, province): computing it again returns it unchanged,
and the unique index `uq_payments_once` lets at most one live payment exist per schedule and
month, so neither a rerun nor a crash halfway can pay anyone twice. An approved run is
frozen: its lines keep the amount and account they were computed with; corrections go into the
next run.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import Conflict, NotFound, Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.core.temp import bulk_memory
from ansinh.payments.indexation import factor_sql
from ansinh.payments.models import LIVE_SQL, Run
from ansinh.rules.calendar import first_working_day
from ansinh.rules.history import add_months, month_start
from ansinh.rules.store import parameter

CHANNEL = """
    JOIN LATERAL (
        SELECT c.kind, c.bank_bin, c.account_number, c.holder, coalesce(c.place, c.unit_code) AS
               place, c.authorised_on
        FROM payment_channels c
        WHERE c.si_number = s.si_number AND c.effective_from <= :month
        ORDER BY c.effective_from DESC, c.channel_id DESC
        LIMIT 1
    ) c ON true
"""
# A day's one-offs: the payee the claim named, else the person's channel in force.
ONE_OFF_CHANNEL = """
    JOIN LATERAL (
        SELECT * FROM (
            SELECT p.kind, p.bank_bin, p.account_number, p.holder, NULL::text AS place,
                   NULL::date AS authorised_on, 0 AS rank
            FROM payment_payees p WHERE p.schedule_id = s.schedule_id
            UNION ALL
            (SELECT c.kind, c.bank_bin, c.account_number, c.holder,
                    coalesce(c.place, c.unit_code), c.authorised_on, 1
             FROM payment_channels c
             WHERE c.si_number = s.si_number AND c.effective_from <= :month
             ORDER BY c.effective_from DESC, c.channel_id DESC
             LIMIT 1)
        ) x ORDER BY rank LIMIT 1
    ) c ON true
"""
# One statement, one pass over the province's schedules (each with its channel in force):
# the overdue ones are suspended, the others paid (one line per month due), arrears settled
# for those paid, and the run's count and total taken from the lines just inserted. Lines go in
# in the order of `uq_payments_once` (SI number, month), so that index is walked once from end
# to end instead of at random, and the primary key and EndToEndId grow in the same order.
RUN = """
    WITH due AS MATERIALIZED (
        SELECT s.schedule_id, s.si_number, s.purpose, s.amount, s.start, s."end",
               s.arrears_from, s.granted_on, c.kind AS channel, c.bank_bin, c.account_number,
               c.holder, c.place, {overdue} AS overdue
        FROM payment_schedules s
        {channel}
        WHERE s.province_code = :province AND s.kind = :kind AND s.status = 'active'
    ),
    suspended AS (
        UPDATE payment_schedules s SET status = 'suspended', status_reason = d.overdue,
               status_since = :month
        FROM due d WHERE s.schedule_id = d.schedule_id AND d.overdue IN {reasons}
    ),
    paid AS (
        INSERT INTO payments (run_id, schedule_id, si_number, month, amount, purpose, channel,
                              bank_bin, account_number, holder, place)
        SELECT :run_id, s.schedule_id, s.si_number, m.month::date, {amount}, s.purpose,
               s.channel, s.bank_bin, s.account_number, s.holder, s.place
        FROM due s CROSS JOIN LATERAL {months} AS m(month)
        WHERE s.overdue IS NULL AND s.start <= :until
        ORDER BY s.si_number, m.month, s.schedule_id
        ON CONFLICT (si_number, month, schedule_id, ({live})) DO NOTHING
        RETURNING schedule_id, amount
    ),
    settled AS (
        UPDATE payment_schedules s SET arrears_from = NULL
        FROM due d
        WHERE s.schedule_id = d.schedule_id AND d.arrears_from IS NOT NULL
          AND d.overdue IS NULL AND d.schedule_id IN (SELECT schedule_id FROM paid)
    )
    UPDATE payroll_runs r SET lines = t.n, total = t.total
    FROM (SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM paid) t
    WHERE r.run_id = :run_id
"""
MONTHS = (
    "generate_series(greatest(s.start, coalesce(s.arrears_from, :month)), "
    "least(coalesce(s.\"end\", :month), :month), interval '1 month')"
)
OVERDUE = {
    # Law 41/2024 Art. 11.2.c and 75.1: account-paid beneficiaries are verified every year.
    "proof_of_life_overdue": (
        "payments/proof_of_life_months",
        "c.kind = 'account' AND coalesce(s.proof_of_life_on, s.granted_on) < :{reason}",
    ),
    # Art. 10.2.d: an authorisation to collect holds at most 12 months.
    "authorisation_expired": ("payments/authorisation_months", "c.authorised_on < :{reason}"),
}


def compute(
    *, db_session: Session, kind: str, period: date, province_code: str, actor: Actor
) -> Run:
    """The run of `kind` for `period` and the province, computed now or already (then as is)."""
    if kind not in ("monthly", "daily"):
        raise Unprocessable("kind: monthly or daily")
    period = month_start(period) if kind == "monthly" else period
    pay_date = first_working_day(period) if kind == "monthly" else period
    run_id = db_session.scalar(
        insert(Run)
        .values(
            kind=kind,
            period=period,
            province_code=province_code,
            pay_date=pay_date,
            computed_by=actor.id,
        )
        .on_conflict_do_nothing(constraint="uq_payroll_runs_period")
        .returning(Run.run_id)
    )
    if run_id is None:
        return get_run(db_session=db_session, kind=kind, period=period, province=province_code)
    month = month_start(period)
    params: dict[str, object] = {"run_id": run_id, "province": province_code, "month": month}
    if kind == "monthly":
        overdue, limits = _overdue(pay_date)
        amount = f"round(s.amount * {factor_sql('m.month', 's.granted_on', month)})"
        sql = RUN.format(
            overdue=overdue,
            amount=amount,
            channel=CHANNEL,
            months=MONTHS,
            reasons=tuple(OVERDUE),
            live=LIVE_SQL,
        )
        params |= limits | {"kind": "monthly", "until": month}
    else:
        sql = RUN.format(
            overdue="NULL::text",
            amount="s.amount",
            channel=ONE_OFF_CHANNEL,
            months="(VALUES (s.start))",
            reasons=tuple(OVERDUE),
            live=LIVE_SQL,
        )
        params |= {"kind": "one_off", "until": period}
    bulk_memory(db_session)
    # The commit need not wait for the WAL flush: nothing leaves the platform on a computed run,
    # and the approval's (synchronous) commit flushes this one's WAL before it.
    db_session.execute(text("SET LOCAL synchronous_commit = off"))
    db_session.execute(text(sql), params)
    return get_run_by_id(db_session=db_session, run_id=run_id)


def _overdue(pay_date: date) -> tuple[str, dict[str, date]]:
    """The SQL naming why a beneficiary is suspended (NULL when not), and its dated limits."""
    cases: list[str] = []
    limits: dict[str, date] = {}
    for reason, (name, condition) in OVERDUE.items():
        months = parameter(name).value_at(pay_date)
        assert isinstance(months, int)
        limits[reason] = add_months(month_start(pay_date), -months).replace(day=pay_date.day)
        cases.append(f"WHEN {condition.format(reason=reason)} THEN '{reason}'")
    return f"CASE {' '.join(cases)} END", limits


def approve(*, db_session: Session, run_id: int, actor: Actor) -> Run:
    """Approve a computed run (a second officer: maker and checker differ); it is then frozen."""
    run = get_run_by_id(db_session=db_session, run_id=run_id, lock=True)
    if run.status != "draft":
        return run
    if run.computed_by == actor.id:
        raise Conflict("the officer who computed a run cannot approve it")
    run.status, run.approved_by, run.approved_at = "approved", actor.id, clock.now()
    db_session.flush()
    return run


def get_run_by_id(*, db_session: Session, run_id: int, lock: bool = False) -> Run:
    """The run `run_id`, or NotFound."""
    statement = select(Run).where(Run.run_id == run_id).execution_options(populate_existing=True)
    run = db_session.scalars(statement.with_for_update() if lock else statement).first()
    if run is None:
        raise NotFound("no such payroll run")
    return run


def get_run(*, db_session: Session, kind: str, period: date, province: str) -> Run:
    """The run of `kind` for `period` and `province`, or NotFound."""
    run = db_session.scalars(
        select(Run)
        .where(Run.kind == kind, Run.period == period, Run.province_code == province)
        .execution_options(populate_existing=True)
    ).first()
    if run is None:
        raise NotFound("no such payroll run")
    return run


def list_runs(*, db_session: Session, status: str | None = None, limit: int = 100) -> list[Run]:
    """The latest runs, newest first (all, or those in `status`)."""
    statement = select(Run).order_by(Run.run_id.desc()).limit(limit)
    if status is not None:
        statement = statement.where(Run.status == status)
    return list(db_session.scalars(statement))
