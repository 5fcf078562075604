"""Linkage's reactions to other domains' events (loaded by the worker's composition root)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ansinh.core.events.handlers import subscribe
from ansinh.core.events.schemas import DomainEvent
from ansinh.linkage.realtime import verify_identity
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonIdentityChanged, PersonRegistered


@subscribe(PersonRegistered, PersonIdentityChanged)
def verify_with_register(*, db_session: Session, event: DomainEvent) -> None:
    """Check a new or changed person against the population register, after their commit."""
    assert isinstance(event, PersonRegistered | PersonIdentityChanged)
    changed = event.fields if isinstance(event, PersonIdentityChanged) else None
    person = registry.get_person(db_session=db_session, si_number=event.si_number)
    verify_identity(db_session=db_session, person=person, changed=changed)
