"""Unemployment's reactions to other domains' events: grounds the centre cannot see itself."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from ansinh.benefits.schemas import EntitlementGranted
from ansinh.core.events.handlers import subscribe, subscribe_set
from ansinh.core.events.schemas import DomainEvent
from ansinh.registry.schemas import EmploymentStarted, PersonDied
from ansinh.unemployment.grounds import notice_ground, notice_grounds

PENSION = "pension"


@subscribe_set(EmploymentStarted)
def new_job(*, db_session: Session, events: Sequence[DomainEvent]) -> None:
    """New employers declared these persons: a termination ground for their running benefits."""
    notice_grounds(
        db_session=db_session,
        ground="new_job",
        occurred=[(e.si_number, e.start_date) for e in events if isinstance(e, EmploymentStarted)],
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
