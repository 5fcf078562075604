"""Payroll jobs: each day's runs (a month's on its first working day), the bank's round trip."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.db import unit_of_work
from ansinh.core.security.actor import SYSTEM
from ansinh.payments import inbox, runs, send
from ansinh.payments.bank_client import BankClient
from ansinh.payments.models import Run, Schedule
from ansinh.rules.calendar import first_working_day
from ansinh.rules.history import month_start

log = logging.getLogger(__name__)


def payroll_day(*, db_session: Session, day: date) -> list[int]:
    """Compute the day's runs for every province paying someone: monthly ones on the first
    working day of the month, daily ones (one-offs) every working day. Approval stays human."""
    provinces = db_session.scalars(
        select(Schedule.province_code).where(Schedule.status == "active").distinct()
    ).all()
    kinds = ["daily"] + (["monthly"] if day == first_working_day(month_start(day)) else [])
    computed = []
    for province in sorted(provinces):
        for kind in kinds:
            period = month_start(day) if kind == "monthly" else day
            run = runs.compute(
                db_session=db_session,
                kind=kind,
                period=period,
                province_code=province,
                actor=SYSTEM,
            )
            computed.append(run.run_id)
    return computed


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
