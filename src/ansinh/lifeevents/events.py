"""Life events' reactions to other domains' events (loaded by the worker's composition root)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import update
from sqlalchemy.orm import Session

from ansinh.core.events.handlers import subscribe, subscribe_set
from ansinh.core.events.schemas import DomainEvent
from ansinh.health.evidence.schemas import MedicalBirthCertified, MedicalDeathNotified
from ansinh.lifeevents import service
from ansinh.lifeevents.deaths import hold_report
from ansinh.lifeevents.models import Birth
from ansinh.payments.schemas import DeathReportedByBank
from ansinh.registry.schemas import PersonRegistered


@subscribe_set(PersonRegistered)
def retry_waiting(*, db_session: Session, events: Sequence[DomainEvent]) -> None:  # noqa: ARG001
    """Persons appeared: retry, once for the chunk, the notifications that waited for someone."""
    service.requeue(db_session=db_session, state="waiting")


@subscribe(MedicalDeathNotified)
def hold_hospital_report(*, db_session: Session, event: DomainEvent) -> None:
    """Keep a hospital's e-death notice, held until the civil registry registers the death."""
    assert isinstance(event, MedicalDeathNotified)
    hold_report(
        db_session,
        source="hospital",
        reference=event.serial,
        si_number=event.si_number,
        personal_id=event.personal_id,
        date_of_death=event.date_of_death,
    )


@subscribe(DeathReportedByBank)
def check_bank_report(*, db_session: Session, event: DomainEvent) -> None:
    """A bank's MD07: held, and settled as a death once the population register confirms it."""
    assert isinstance(event, DeathReportedByBank)
    service.report_bank_death(
        db_session=db_session,
        si_number=event.si_number,
        reference=event.end_to_end_id,
        reported_on=event.reported_on,
    )


@subscribe(MedicalBirthCertified)
def match_birth_certificate(*, db_session: Session, event: DomainEvent) -> None:
    """Match a hospital's e-birth certificate to the registered birth of the mother's child."""
    assert isinstance(event, MedicalBirthCertified)
    if event.mother_si_number is None:
        return
    db_session.execute(
        update(Birth)
        .where(
            Birth.mother_si_number == event.mother_si_number,
            Birth.date_of_birth == event.date_of_birth,
            Birth.certificate_serial.is_(None),
        )
        .values(certificate_serial=event.serial)
    )
