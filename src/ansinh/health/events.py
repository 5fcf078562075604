"""Health's reactions to other domains' events (loaded by the worker's composition root)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ansinh.core.events.handlers import subscribe
from ansinh.core.events.schemas import DomainEvent
from ansinh.core.security.actor import SYSTEM
from ansinh.health.lifecycle.service import end_card_on_death
from ansinh.registry.schemas import PersonDied

DEATH_PURPOSE = "end the HI card of a person whose death the civil registry registered"


@subscribe(PersonDied)
def end_card(*, db_session: Session, event: DomainEvent) -> None:
    """End the card of a person who died, on the day of death."""
    assert isinstance(event, PersonDied)
    end_card_on_death(
        db_session=db_session,
        si_number=event.si_number,
        date_of_death=event.date_of_death,
        actor=SYSTEM,
        purpose=DEATH_PURPOSE,
    )
