"""The national portal's reactions to other domains' events (loaded by the worker)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ansinh.core.events.handlers import subscribe
from ansinh.core.events.schemas import DomainEvent
from ansinh.nationalportal import service
from ansinh.services.schemas import ApplicationStatusChanged


@subscribe(ApplicationStatusChanged)
def report_status(*, db_session: Session, event: DomainEvent) -> None:
    """Owe the national portal the new status of an application filed through it."""
    assert isinstance(event, ApplicationStatusChanged)
    service.queue_report(db_session=db_session, event=event)
