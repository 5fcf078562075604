"""Unemployment jobs: handle a decision; send claims, notices and grounds between transactions."""

from __future__ import annotations

from datetime import timedelta

from ansinh.core import clock
from ansinh.core.db import unit_of_work
from ansinh.unemployment import sending, service
from ansinh.unemployment.centre_client import CentreClient, connect
from ansinh.unemployment.schemas import MonthsChecked

SEND_CRON = "* * * * *"
MONTHS_CRON = "0 1 * * *"  # 08:00 in Vietnam, after the payroll's daily runs are queued
STUCK_AFTER = timedelta(minutes=2)
BACKLOG = 900  # pending entries a handling job takes beside its own


def handle_entries(inbox_ids: list[int]) -> list[str]:
    """Apply the job's entries with the pending backlog beside them, in one transaction (the
    job `unemployment:handle`); their states.

    Under a burst the first job settles the backlog and the later ones find their entries done.
    """
    with unit_of_work() as db_session:
        backlog = service.pending(db_session=db_session, limit=BACKLOG)
        wanted = list(dict.fromkeys([*inbox_ids, *backlog]))
        return service.handle_many(db_session=db_session, inbox_ids=wanted)[: len(inbox_ids)]


def send_pending(client: CentreClient | None = None) -> int:
    """Send what the centre is owed: read, post with no transaction open, then mark; how many."""
    centre = client or connect()
    if centre is None:
        return 0
    with unit_of_work() as db_session:
        out = sending.outgoing(db_session=db_session)
    if not len(out):
        return 0
    sent = sending.send(centre, out)
    with unit_of_work() as db_session:
        sending.mark_sent(db_session=db_session, sent=sent)
    return len(sent)


def replay_pending() -> int:
    """Queue entries a crash left pending (the periodic job)."""
    with unit_of_work() as db_session:
        return service.requeue_pending(db_session=db_session, older_than=STUCK_AFTER)


def check_months() -> MonthsChecked:
    """The day's check of benefit months: due days, payments instructed in time, late ones
    flagged (the periodic job `unemployment:months`)."""
    with unit_of_work() as db_session:
        return service.check(db_session=db_session, today=clock.today())
