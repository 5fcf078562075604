"""Health's reactions to other domains' events (loaded by the worker's composition root)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from ansinh.core.events.handlers import subscribe_set
from ansinh.core.events.schemas import DomainEvent
from ansinh.core.security.actor import SYSTEM
from ansinh.health.lifecycle.service import end_cards_on_death
from ansinh.registry.schemas import PersonDied

DEATH_PURPOSE = "end the HI card of a person whose death the civil registry registered"


@subscribe_set(PersonDied)
def end_card(*, db_session: Session, events: Sequence[DomainEvent]) -> None:
    """End the cards of persons who died, each on the day of death."""
    deaths = [(e.si_number, e.date_of_death) for e in events if isinstance(e, PersonDied)]
    end_cards_on_death(db_session=db_session, deaths=deaths, actor=SYSTEM, purpose=DEATH_PURPOSE)
