"""The birth chain: register the child, link the parents, a TE card with no application."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ansinh.core.events import service as events
from ansinh.core.security.actor import SYSTEM
from ansinh.health.lifecycle.service import issue_newborn_card
from ansinh.lifeevents.models import Birth
from ansinh.lifeevents.people import si_number_of
from ansinh.lifeevents.schemas import BirthBody
from ansinh.registry import service as registry
from ansinh.registry.schemas import BirthRegistered, PersonCreate

PURPOSE = "register a birth the civil registry notified (integrated procedure 2.000986)"


def settle_birth(db_session: Session, body: BirthBody) -> str:
    """Register the child and issue the card (once: a replay finds the child); the SI number."""
    known = si_number_of(db_session, body.personal_id)
    if known is not None and db_session.get(Birth, known) is not None:
        return known
    child = (
        known
        or registry.create_person(
            db_session=db_session,
            person_in=PersonCreate(
                personal_id=body.personal_id,
                full_name=body.full_name,
                date_of_birth=body.date_of_birth,
                sex=body.sex,
                province_code=body.province_code,
            ),
            actor=SYSTEM,
            purpose=PURPOSE,
        ).si_number
    )
    mother = si_number_of(db_session, body.mother_personal_id)
    father = si_number_of(db_session, body.father_personal_id)
    db_session.add(
        Birth(
            child_si_number=child,
            record_id=body.record_id,
            date_of_birth=body.date_of_birth,
            mother_si_number=mother,
            father_si_number=father,
        )
    )
    issue_newborn_card(
        db_session=db_session,
        si_number=child,
        date_of_birth=body.date_of_birth,
        province_code=body.province_code,
        on=body.registered_on,
        actor=SYSTEM,
        purpose=PURPOSE,
    )
    registered = BirthRegistered(
        child_si_number=child,
        date_of_birth=body.date_of_birth,
        mother_si_number=mother,
        father_si_number=father,
    )
    events.record(db_session=db_session, event=registered)
    return child
