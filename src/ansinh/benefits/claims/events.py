"""Claims' reactions to other domains' events (loaded by the worker's composition root)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ansinh.benefits.claims.proactive import maternity_at_birth
from ansinh.core.events.handlers import subscribe
from ansinh.core.events.schemas import DomainEvent
from ansinh.registry.schemas import BirthRegistered


@subscribe(BirthRegistered)
def prefill_maternity(*, db_session: Session, event: DomainEvent) -> None:
    """An insured parent of a newly registered child gets a pre-filled maternity claim."""
    assert isinstance(event, BirthRegistered)
    maternity_at_birth(
        db_session,
        born=event.date_of_birth,
        mother=event.mother_si_number,
        father=event.father_si_number,
    )
