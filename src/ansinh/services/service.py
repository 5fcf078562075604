"""Applications: submit, take into review, decide; each step adds to the timeline."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.errors import Unprocessable, reasons_of
from ansinh.core.events.service import record
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.identity.banks import Bank, banks_in_force
from ansinh.registry import service as registry
from ansinh.services.catalogue import catalogue
from ansinh.services.enums import ApplicationStatus
from ansinh.services.exceptions import (
    AlreadyOpen,
    ApplicationNotFound,
    LevelTooLow,
    ServiceNotFound,
    WrongStatus,
)
from ansinh.services.models import Application, ApplicationEvent
from ansinh.services.schemas import ApplicationStatusChanged, OnlineService

if TYPE_CHECKING:  # registry.get_person returns it; nothing here touches the registry's tables
    from ansinh.registry.models import Person

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)


def get_service(code: str) -> OnlineService:
    """The available service with `code`, or ServiceNotFound."""
    service = catalogue().get(code)
    if service is None or not service.available:
        raise ServiceNotFound()
    return service


def banks() -> list[Bank]:
    """The banks benefits can be paid into today, by short name (for the bank-account form)."""
    return banks_in_force()


def _reference() -> str:
    return "HS-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def _event(
    db_session: Session, application: Application, actor: Actor, note: str | None = None
) -> None:
    application.events.append(
        ApplicationEvent(
            status=application.status, actor_kind=actor.kind, actor_id=actor.id, note=note
        )
    )
    record(
        db_session=db_session,
        event=ApplicationStatusChanged(
            reference=application.reference,
            service_code=application.service_code,
            status=application.status,
            outcome=application.outcome,
            channel=application.channel,
            external_reference=application.external_reference,
            at=clock.now(),
            note_vi=note,
        ),
    )


def submit(
    *,
    db_session: Session,
    service: OnlineService,
    si_number: str,
    level: int,
    answers: dict[str, Any],
    actor: Actor,
    channel: str = "portal",
    external_reference: str | None = None,
) -> Application:
    """File an application; automatic services are reviewed and decided at once."""
    if level < service.min_level:
        raise LevelTooLow(service.min_level)
    if service.form is None or service.check is None:
        raise ServiceNotFound()
    try:
        form = service.form.model_validate(answers)
    except ValidationError as exc:
        raise Unprocessable(reasons_of(exc.errors())) from None
    open_one = db_session.scalar(
        select(Application.reference).where(
            Application.si_number == si_number,
            Application.service_code == service.code,
            Application.status.in_(OPEN),
        )
    )
    if open_one is not None:
        raise AlreadyOpen(open_one)
    service.check(db_session=db_session, si_number=si_number, form=form)
    application = Application(
        reference=_reference(),
        service_code=service.code,
        si_number=si_number,
        level=level,
        status=ApplicationStatus.SUBMITTED,
        payload=form.model_dump(mode="json"),
        channel=channel,
        external_reference=external_reference,
    )
    _event(db_session, application, actor)
    db_session.add(application)
    db_session.flush()
    if service.review == "automatic":
        take_into_review(db_session=db_session, application=application, actor=SYSTEM)
        decide(db_session=db_session, application=application, actor=SYSTEM, approve=True)
    return application


def take_into_review(*, db_session: Session, application: Application, actor: Actor) -> None:
    """Move a submitted application into review."""
    if application.status != ApplicationStatus.SUBMITTED:
        raise WrongStatus(application.status)
    application.status = ApplicationStatus.IN_REVIEW
    _event(db_session, application, actor)
    db_session.flush()


def decide(
    *,
    db_session: Session,
    application: Application,
    actor: Actor,
    approve: bool,
    note: str | None = None,
) -> None:
    """Approve (carrying the service out) or reject an application in review."""
    if application.status != ApplicationStatus.IN_REVIEW:
        raise WrongStatus(application.status)
    if not approve and not (note or "").strip():
        raise Unprocessable("a refusal needs a written reason the applicant can read")
    service = get_service(application.service_code)
    if approve and service.apply is not None:
        application.result = service.apply(
            db_session=db_session, application=application, actor=actor
        )
    application.status = ApplicationStatus.DECIDED
    application.outcome = "approved" if approve else "rejected"
    application.decided_at = clock.now()
    _event(db_session, application, actor, note)
    db_session.flush()


def list_for_person(*, si_number: str) -> Select[Application]:
    """A person's applications, newest first."""
    return (
        select(Application)
        .where(Application.si_number == si_number)
        .order_by(Application.application_id.desc())
    )


def get_for_person(*, db_session: Session, si_number: str, reference: str) -> Application:
    """The person's application with `reference`; another person's is simply not found."""
    application = db_session.scalar(
        select(Application).where(
            Application.reference == reference, Application.si_number == si_number
        )
    )
    if application is None:
        raise ApplicationNotFound()
    return application


def get_by_reference(*, db_session: Session, reference: str) -> Application:
    """Any application by reference (back office)."""
    application = db_session.scalar(select(Application).where(Application.reference == reference))
    if application is None:
        raise ApplicationNotFound()
    return application


def read_for_review(
    *, db_session: Session, actor: Actor, reference: str, purpose: str
) -> tuple[Application, Person]:
    """An application with its applicant's record, for an officer; the read is audited."""
    application = get_by_reference(db_session=db_session, reference=reference)
    person = registry.get_person(db_session=db_session, si_number=application.si_number)
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[application.si_number],
        action="read",
        resource="services.application",
        purpose=purpose,
    )
    return application, person


def queue() -> Select[Application]:
    """Applications waiting for an officer, oldest first."""
    return (
        select(Application).where(Application.status.in_(OPEN)).order_by(Application.application_id)
    )
