"""Unemployment's reactions to other domains' events: grounds the centre cannot see itself."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ansinh.benefits.schemas import EntitlementGranted
from ansinh.core.events.handlers import subscribe
from ansinh.core.events.schemas import DomainEvent
from ansinh.registry.schemas import EmploymentStarted, PersonDied
from ansinh.unemployment.grounds import notice_ground

PENSION = "pension"


@subscribe(EmploymentStarted)
def new_job(*, db_session: Session, event: DomainEvent) -> None:
    """A new employer declared the person: a termination ground for a running benefit."""
    assert isinstance(event, EmploymentStarted)
    notice_ground(
        db_session=db_session,
        si_number=event.si_number,
        ground="new_job",
        occurred_on=event.start_date,
    )


@subscribe(EntitlementGranted)
def pension_granted(*, db_session: Session, event: DomainEvent) -> None:
    """A pension was granted: a termination ground for a running benefit."""
    assert isinstance(event, EntitlementGranted)
    if event.branch == PENSION and event.kind == "monthly":
        notice_ground(
            db_session=db_session,
            si_number=event.si_number,
            ground="pension",
            occurred_on=event.start,
        )


@subscribe(PersonDied)
def died(*, db_session: Session, event: DomainEvent) -> None:
    """The claimant died: a termination ground for a running benefit."""
    assert isinstance(event, PersonDied)
    notice_ground(
        db_session=db_session,
        si_number=event.si_number,
        ground="death",
        occurred_on=event.date_of_death,
    )
