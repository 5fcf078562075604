"""Life-event jobs: handle one inbox entry; replay entries a crash left and retry the waiting."""

from __future__ import annotations

from datetime import timedelta

from ansinh.core.db import unit_of_work
from ansinh.lifeevents import service

REPLAY_CRON = "* * * * *"
STUCK_AFTER = timedelta(minutes=2)


def handle_entry(inbox_id: int) -> str:
    """Handle an inbox entry with the others pending beside it, as one set (`lifeevents:handle`).

    Under a burst the first job settles the whole backlog and the later ones find their
    entries done; the entry's state.
    """
    with unit_of_work() as db_session:
        backlog = service.pending(db_session=db_session)
        states = service.handle_batch(db_session=db_session, inbox_ids=[inbox_id, *backlog])
    return states.get(inbox_id, "locked")


def handle_entries(inbox_ids: list[int]) -> dict[int, str]:
    """Handle several inbox entries as one set in one transaction; their states."""
    with unit_of_work() as db_session:
        return service.handle_batch(db_session=db_session, inbox_ids=inbox_ids)


def replay_open() -> tuple[int, int]:
    """Queue entries left pending by a crash and the waiting ones again; (pending, waiting)."""
    with unit_of_work() as db_session:
        pending = service.requeue(db_session=db_session, state="pending", older_than=STUCK_AFTER)
        waiting = service.requeue(db_session=db_session, state="waiting", older_than=STUCK_AFTER)
    return pending, waiting
