"""Life-event verbs: subscribe, handle an inbox entry once, retry the waiting, count the chains."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import ProblemError, reasons_of
from ansinh.core.jobs.queue import enqueue
from ansinh.lifeevents.births import settle_birth
from ansinh.lifeevents.deaths import settle_death
from ansinh.lifeevents.inbox import HANDLE, open_entries
from ansinh.lifeevents.models import InboxEntry, Subscription
from ansinh.lifeevents.schemas import BirthBody, ChainCount, DeathBody
from ansinh.rules.reads import law

DEADLINES = {
    "birth": "lifeevents/birth_chain_deadline_working_days",
    "death": "lifeevents/death_chain_deadline_working_days",
}
BATCH = 1_000
VIETNAM = "Asia/Ho_Chi_Minh"


def add_subscription(
    *, db_session: Session, subscription_id: uuid.UUID, source: str, jwks: dict[str, Any]
) -> Subscription:
    """Keep a subscription held at another agency and the keys its notifications are signed with."""
    subscription = Subscription(subscription_id=subscription_id, source=source, jwks=jwks)
    db_session.merge(subscription)
    db_session.flush()
    return subscription


def handle(*, db_session: Session, inbox_id: int) -> str:
    """Act on one inbox entry once; its new state (`waiting` when the person is not known yet).

    The row is locked and its state changes in the transaction of the effects, so a crash
    before the commit leaves it `pending` for the replay, and a replay after it does nothing.
    """
    entry = db_session.scalar(
        select(InboxEntry).where(InboxEntry.inbox_id == inbox_id).with_for_update(skip_locked=True)
    )
    if entry is None or entry.state not in ("pending", "waiting"):
        return entry.state if entry is not None else "locked"
    assert entry.payload is not None
    entry.attempts += 1
    try:
        with db_session.begin_nested():
            entry.si_number = _settle(db_session, entry)
    except (ValidationError, ProblemError) as exc:
        entry.state, entry.refusal = "failed", _reason(exc)
        db_session.flush()
        return entry.state
    entry.state = "done" if entry.si_number is not None else "waiting"
    entry.handled_at = clock.now() if entry.state == "done" else None
    db_session.flush()
    return entry.state


def _settle(db_session: Session, entry: InboxEntry) -> str | None:
    if entry.kind == "birth":
        birth = BirthBody.model_validate(entry.payload)
        entry.registered_on = birth.registered_on
        return settle_birth(db_session, birth)
    death = DeathBody.model_validate(entry.payload)
    entry.registered_on = death.registered_on
    return settle_death(db_session, death)


def _reason(exc: ValidationError | ProblemError) -> str:
    if isinstance(exc, ValidationError):
        return f"invalid registration: {reasons_of(exc.errors())}"
    return f"refused by the registry: {exc}"


def requeue(
    *, db_session: Session, state: str, older_than: timedelta = timedelta(), limit: int = BATCH
) -> int:
    """Queue the handling of entries left `pending` (a crash) or `waiting` (unknown person)."""
    before = clock.now() - older_than
    entries = open_entries(db_session=db_session, state=state, received_before=before, limit=limit)
    for inbox_id in entries:
        enqueue(db_session, HANDLE, {"inbox_id": inbox_id})
    return len(entries)


def _working_days_between(start: date, end: date) -> int:
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


def chain_counts(*, db_session: Session, on: date | None = None) -> list[ChainCount]:
    """Integrated-procedure records handled, by chain, and how many settled within the deadline."""
    day = on or clock.today()
    handled_on = func.date(func.timezone(VIETNAM, InboxEntry.handled_at))
    rows = db_session.execute(
        select(InboxEntry.kind, InboxEntry.registered_on, handled_on, func.count())
        .where(InboxEntry.state == "done")
        .group_by(InboxEntry.kind, InboxEntry.registered_on, handled_on)
    ).all()
    counts = []
    for kind, key in DEADLINES.items():
        limit = int(str(law(key, day)))
        settled = [(r, h, n) for k, r, h, n in rows if k == kind]
        within = sum(n for r, h, n in settled if _working_days_between(r, h) <= limit)
        counts.append(
            ChainCount(
                kind=kind,
                handled=sum(n for _, _, n in settled),
                within_deadline=within,
                deadline_working_days=limit,
            )
        )
    return counts
