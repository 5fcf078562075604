"""Real-time authentication when a person is registered or changes identity data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.security.actor import SYSTEM
from ansinh.linkage import register_client
from ansinh.linkage.records import person_record
from ansinh.linkage.service import open_review
from ansinh.registry import service as registry
from ansinh.registry.enums import AuthStatus

if TYPE_CHECKING:
    from ansinh.registry.models import Person

IDENTITY_FIELDS = frozenset({"personal_id", "full_name", "date_of_birth", "dob_precision", "sex"})
PURPOSE = "authenticate the insured person against the population register"


def verify_identity(
    *, db_session: Session, person: Person, changed: Iterable[str] | None = None
) -> None:
    """Verify a person's identity data with the register, if one is configured.

    `changed` names the fields just changed (None: a new person); other changes need no check.
    Without a personal ID the status is left for the batch run; when the register is down,
    RegisterUnavailable propagates (the event handler calling this is retried with back-off).
    """
    if changed is not None and IDENTITY_FIELDS.isdisjoint(changed):
        return
    register = register_client.connect()
    if register is None or person.personal_id is None:
        return
    record = person_record(person)
    answer = register.verify(
        personal_id=person.personal_id,
        full_name=person.full_name,
        date_of_birth=str(record["date_of_birth"]),
        sex=person.sex,
    )
    held = (
        None
        if answer.all_match or not answer.found
        else register.lookup(personal_id=person.personal_id)
    )
    audit.record(
        db_session=db_session,
        actor=SYSTEM,
        subjects=[person.si_number],
        action="read",
        resource="population_register.verify",
        purpose=PURPOSE,
    )
    if answer.all_match:
        status = AuthStatus.VERIFIED
    elif held is None:
        status = AuthStatus.NOT_FOUND
    else:
        status = AuthStatus.NEEDS_REVIEW
        open_review(
            db_session=db_session,
            si_number=person.si_number,
            register_record=held,
            source="realtime",
        )
    registry.set_auth_status(db_session=db_session, si_number=person.si_number, status=status)
    db_session.flush()
