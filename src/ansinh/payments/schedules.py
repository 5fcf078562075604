"""Schedules: what each person is owed, from claims' entitlements or made directly."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core.errors import NotFound, Unprocessable
from ansinh.payments.models import Schedule
from ansinh.payments.schemas import ScheduleCreate
from ansinh.rules.history import month_start


def create_schedule(*, db_session: Session, schedule: ScheduleCreate) -> Schedule:
    """Record a schedule (idempotent by its id: a second call returns the first)."""
    create_schedules(db_session=db_session, schedules=[schedule])
    return get_schedule(db_session=db_session, schedule_id=schedule.schedule_id)


def create_schedules(*, db_session: Session, schedules: Sequence[ScheduleCreate]) -> None:
    """Record many schedules in one statement (idempotent by id: one already kept stays)."""
    for schedule in schedules:
        if schedule.kind == "monthly" and schedule.start.day != 1:
            raise Unprocessable("start: a monthly entitlement starts on the first of a month")
        if schedule.end is not None and schedule.end < schedule.start:
            raise Unprocessable("end: before start")
    if not schedules:
        return
    db_session.execute(
        insert(Schedule).on_conflict_do_nothing(index_elements=["schedule_id"]),
        [
            {
                **s.model_dump(),
                "status": "active",
                "arrears_from": s.start if s.kind == "monthly" else None,
            }
            for s in schedules
        ],
    )


def get_schedule(*, db_session: Session, schedule_id: uuid.UUID) -> Schedule:
    """The schedule `schedule_id`, or NotFound."""
    found = db_session.get(Schedule, schedule_id, populate_existing=True)
    if found is None:
        raise NotFound("no such payment schedule")
    return found


def end_schedule(*, db_session: Session, schedule_id: uuid.UUID, last_month: date) -> None:
    """Pay nothing after `last_month` (an ended, revoked or superseded entitlement)."""
    db_session.execute(
        update(Schedule)
        .where(Schedule.schedule_id == schedule_id)
        .values(end=month_start(last_month))
    )


def hold(
    *, db_session: Session, schedule_id: uuid.UUID, status: str, reason: str, since: date
) -> None:
    """Stop paying a schedule from `since` (held or suspended) until it is resumed."""
    db_session.execute(
        update(Schedule)
        .where(Schedule.schedule_id == schedule_id, Schedule.status == "active")
        .values(status=status, status_reason=reason, status_since=month_start(since))
    )


def resume(*, db_session: Session, schedule_id: uuid.UUID) -> Schedule:
    """Pay a held or suspended schedule again, with arrears from the month it stopped."""
    schedule = get_schedule(db_session=db_session, schedule_id=schedule_id)
    if schedule.status not in ("held", "suspended"):
        raise Unprocessable(f"status: a {schedule.status} schedule cannot be resumed")
    since = schedule.status_since or schedule.start
    schedule.arrears_from = min(schedule.arrears_from or since, since)
    schedule.status, schedule.status_reason, schedule.status_since = "active", None, None
    db_session.flush()
    return schedule


def schedules_of(*, db_session: Session, si_number: str) -> list[Schedule]:
    """A person's schedules, oldest first (unaudited: for other verbs)."""
    return list(
        db_session.scalars(
            select(Schedule).where(Schedule.si_number == si_number).order_by(Schedule.start)
        )
    )
