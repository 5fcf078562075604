"""Find the platform's person for a personal ID the civil registry sent (None when not known)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonSearch


def si_number_of(db_session: Session, personal_id: str | None) -> str | None:
    """The SI number of the person holding `personal_id`, if the registry knows them."""
    if personal_id is None:
        return None
    found = db_session.scalars(
        registry.search_persons(PersonSearch(personal_id=personal_id)).limit(1)
    ).first()
    return found.si_number if found is not None else None
