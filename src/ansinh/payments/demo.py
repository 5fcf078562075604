"""The demo's payroll: the synthetic province's oldest people paid a pension each month.

The oldest fifth of the synthetic people get a monthly pension from January 2026 and are paid
into the account the synthetic bank holds for them (the same draw as the sandbox bank's, so some
accounts are closed, blocked, in another's name or of a dead holder: realistic rejects), or in
cash at the post office. The current month's run is computed, approved and sent at start-up; the
worker posts it and follows the bank's reports.
"""

from __future__ import annotations

import uuid
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.payments import runs, send
from ansinh.payments.models import Channel, Run, Schedule
from ansinh.rules.history import month_start
from ansinh.synth.bank_accounts import bank_accounts

START = date(2026, 1, 1)
SHARE_PENSIONERS = 0.2
CHECKER = Actor(kind="officer", id="demo-checker")
WARD = "Phường "


def seed_pensioners(*, db_session: Session, persons: pa.Table, seed: int) -> int:
    """Give the oldest fifth of `persons` a monthly pension and a channel, once; how many."""
    if db_session.scalar(select(func.count()).select_from(Schedule)):
        return 0
    order = pc.sort_indices(persons, sort_keys=[("date_of_birth", "ascending")])
    oldest = persons.take(order.slice(0, int(len(persons) * SHARE_PENSIONERS)))
    accounts = {a["si_number"]: a for a in bank_accounts(oldest, seed=seed).to_pylist()}
    schedules, channels = [], []
    for person in oldest.select(["si_number", "province_code", "address"]).to_pylist():
        si_number, address = person["si_number"], person["address"] or ""
        schedules.append(
            {
                "schedule_id": uuid.uuid5(uuid.NAMESPACE_URL, f"demo-pension-{si_number}"),
                "si_number": si_number,
                "province_code": person["province_code"],
                "area": "urban" if WARD in address else "rural",
                "kind": "monthly",
                "purpose": "PENS",
                "amount": 3_000_000 + int(si_number) * 7919 % 9_000 * 1_000,
                "start": START,
                "granted_on": START,
                "proof_of_life_on": START,
            }
        )
        account = accounts.get(si_number)
        channels.append(
            {
                "si_number": si_number,
                "kind": "account" if account else "cash",
                "bank_bin": account["bin"] if account else None,
                "account_number": account["account"] if account else None,
                "holder": account["holder"] if account else None,
                "place": None if account else "Bưu điện văn hóa",
                "effective_from": START,
                "source": "seed",
                "recorded_by": SYSTEM.id,
            }
        )
    if schedules:
        db_session.execute(insert(Schedule), schedules)
        db_session.execute(insert(Channel), channels)
    return len(schedules)


def pay_this_month(*, db_session: Session, province_code: str) -> Run:
    """Compute, approve and send the current month's run of the province (once)."""
    month = month_start(clock.today())
    run = runs.compute(
        db_session=db_session,
        kind="monthly",
        period=month,
        province_code=province_code,
        actor=SYSTEM,
    )
    runs.approve(db_session=db_session, run_id=run.run_id, actor=CHECKER)
    return send.prepare(db_session=db_session, run_id=run.run_id)
