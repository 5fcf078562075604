"""Deliver the events a test recorded, in its own rolled-back session, as a worker would."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.events import service
from ansinh.core.events.handlers import handlers_of
from ansinh.core.events.models import OutboxEvent
from ansinh.worker import load_handlers


def deliver_recorded(db_session: Session) -> int:
    """Run every loaded handler on every recorded event not yet handled; return how many ran."""
    load_handlers()
    ran = 0
    events = db_session.execute(
        select(OutboxEvent.event_id, OutboxEvent.name).order_by(OutboxEvent.position)
    ).all()
    for event_id, name in events:
        for handler in handlers_of(name):
            with db_session.begin_nested():
                ran += service.handle(db_session=db_session, event_id=event_id, handler=handler)
    return ran
