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


def bank_round_trip(*, bank: BankClient) -> tuple[int, int, int]:
    """Post the sent runs' files not yet filed, then fetch and apply the bank's reports.

    Each step commits on its own: a crash anywhere is retried by the next round harmlessly.
    Returns (files posted, reports stored, payments changed).
    """
    with unit_of_work() as db_session:
        waiting = db_session.scalars(
            select(Run.run_id).where(Run.status == "sent", Run.file_id.is_(None))
        ).all()
    for run_id in waiting:
        with unit_of_work() as db_session:
            send.submit(db_session=db_session, run_id=run_id, bank=bank)
    with unit_of_work() as db_session:
        stored, changed = inbox.poll(db_session=db_session, bank=bank)
    return len(waiting), stored, changed
