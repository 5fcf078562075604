"""Payroll jobs: a run per province and day, files validated apart, the bank's round trip."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.db import unit_of_work
from ansinh.core.jobs.queue import enqueue
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.payments import inbox, runs, send, xsd
from ansinh.payments.bank_client import BankClient
from ansinh.payments.models import Run, Schedule
from ansinh.rules.calendar import first_working_day
from ansinh.rules.history import month_start

log = logging.getLogger(__name__)


COMPUTE = "payments:compute_run"
SEND_FILE = "payments:send_file"


def payroll_day(*, db_session: Session, day: date) -> int:
    """Queue the day's runs, one job per province and kind: monthly ones on the first working
    day of the month, daily ones (one-offs) every working day; how many jobs were queued.

    Each job computes its province in its own transaction, so workers with concurrency compute
    provinces side by side; a job queued twice returns the run already computed. Approval stays
    human."""
    provinces = db_session.scalars(
        select(Schedule.province_code).where(Schedule.status == "active").distinct()
    ).all()
    kinds = ["daily"] + (["monthly"] if day == first_working_day(month_start(day)) else [])
    for province in sorted(provinces):
        for kind in kinds:
            period = month_start(day) if kind == "monthly" else day
            enqueue(
                db_session,
                COMPUTE,
                {"kind": kind, "period": period.isoformat(), "province_code": province},
            )
    return len(provinces) * len(kinds)


def compute_run(*, kind: str, period: str, province_code: str, actor: Actor = SYSTEM) -> int:
    """One province's run computed in its own transaction (the job `payments:compute_run`)."""
    with unit_of_work() as db_session:
        run = runs.compute(
            db_session=db_session,
            kind=kind,
            period=date.fromisoformat(period),
            province_code=province_code,
            actor=actor,
        )
        return run.run_id


def write_run(*, db_session: Session, run_id: int) -> int | None:
    """Write an approved run's file and queue its validation apart; its account lines."""
    lines = send.write_file(db_session=db_session, run_id=run_id)
    if lines is not None:
        enqueue(db_session, SEND_FILE, {"run_id": run_id, "lines": lines})
    return lines


def send_file(*, run_id: int, lines: int) -> str:
    """Validate a written file against the XSD holding no transaction, then mark the run sent
    (the job `payments:send_file`); the run's status."""
    with unit_of_work() as db_session:
        run = runs.get_run_by_id(db_session=db_session, run_id=run_id)
    if run.status == "sent":
        return run.status
    if lines and xsd.validate(send.part_path(run)) != lines:
        raise xsd.InvalidFile("the file does not hold every account payment of the run")
    with unit_of_work() as db_session:
        return send.mark_sent(db_session=db_session, run_id=run_id).status


REPORTS_PER_ROUND = 100


def bank_round_trip(*, bank: BankClient) -> tuple[int, int, int]:
    """Post the sent runs' files not yet filed, then fetch and apply the bank's reports.

    The bank is called between transactions, never inside one; each step commits on its own,
    so a crash anywhere is retried by the next round harmlessly (the bank answers a file posted
    twice with the same id, and reports are stored once by sequence number).
    Returns (files posted, reports stored, payments changed).
    """
    with unit_of_work() as db_session:
        waiting = db_session.scalars(
            select(Run.run_id).where(Run.status == "sent", Run.file_id.is_(None))
        ).all()
    for run_id in waiting:
        with unit_of_work() as db_session:
            body = send.file_to_post(db_session=db_session, run_id=run_id)
        if body is not None:
            file_id, _ = bank.submit_file(body)
            with unit_of_work() as db_session:
                send.record_posted(db_session=db_session, run_id=run_id, file_id=file_id)
    with unit_of_work() as db_session:
        after = inbox.cursor(db_session=db_session)
    messages, _ = bank.messages(after=after, limit=REPORTS_PER_ROUND)
    with unit_of_work() as db_session:
        stored = inbox.store(db_session=db_session, messages=messages)
        changed = inbox.apply_pending(db_session=db_session)
    return len(waiting), stored, changed
