"""Medical certificates for other domains: find one by serial, store one (idempotent).

Claims refer to a certificate by its serial (fact sheet §1.4 and §9.1). `certificate_by_serial`
is the claims domain's machine read (its interface is fixed): it writes no audit event, so a verb
that shows a certificate to a person must audit the read itself (actor, purpose). A birth
certificate or a death notice stored for the first time records `MedicalBirthCertified` /
`MedicalDeathNotified` in the same transaction. A hospital-only death report must NEVER stop a
payment by itself: the event is a report for the life-events work to hold until the civil
registry confirms it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.arrays import any_of
from ansinh.core.events import service as events
from ansinh.health.evidence.models import MedicalCertificate
from ansinh.health.evidence.schemas import (
    Certificate,
    MedicalBirthCertified,
    MedicalDeathNotified,
)

_FIELDS = tuple(Certificate.model_fields)


def certificate_by_serial(db_session: Session, *, serial: str) -> Certificate | None:
    """The certificate with this serial (the latest received if two facilities reuse it)."""
    return certificates_by_serial(db_session, serials=[serial]).get(serial)


def certificates_by_serial(
    db_session: Session, *, serials: Collection[str]
) -> dict[str, Certificate]:
    """The certificates among `serials` that exist, by serial, the latest received (one query)."""
    rows = db_session.scalars(
        select(MedicalCertificate)
        .where(any_of(MedicalCertificate.serial, serials, String))
        .order_by(MedicalCertificate.received_at, MedicalCertificate.certificate_id)
    )
    return {
        row.serial: Certificate.model_validate({name: getattr(row, name) for name in _FIELDS})
        for row in rows
    }


def store_certificate(
    db_session: Session, *, certificate: Certificate, raw_xml: bytes | None = None
) -> None:
    """Store a certificate once per (facility, serial); a second store changes nothing."""
    record_certificate(db_session, certificate=certificate, raw_xml=raw_xml)


def _announce(db_session: Session, certificate: Certificate) -> None:
    if certificate.event_date is None:
        return
    if certificate.kind == "birth":
        events.record(
            db_session=db_session,
            event=MedicalBirthCertified(
                serial=certificate.serial,
                facility_code=certificate.facility_code,
                mother_personal_id=certificate.personal_id,
                mother_si_number=certificate.si_number,
                date_of_birth=certificate.event_date,
                caesarean=certificate.caesarean,
                under_32_weeks=certificate.under_32_weeks,
            ),
        )
    elif certificate.kind == "death":
        events.record(
            db_session=db_session,
            event=MedicalDeathNotified(
                serial=certificate.serial,
                facility_code=certificate.facility_code,
                personal_id=certificate.personal_id,
                si_number=certificate.si_number,
                date_of_death=certificate.event_date,
            ),
        )


def record_certificate(
    db_session: Session,
    *,
    certificate: Certificate,
    raw_xml: bytes | None = None,
    form_code: str | None = None,
    fields: dict[str, str] | None = None,
    ma_gd: str | None = None,
    received_at: datetime | None = None,
) -> str | None:
    """Store a certificate unless its (facility, serial) is known; return the MaGD it came with.

    The returned MaGD is the first receipt's for a certificate already stored, else `ma_gd`.
    """
    stored = db_session.execute(
        insert(MedicalCertificate)
        .values(
            **certificate.model_dump(),
            form_code=form_code,
            fields=fields or {},
            raw_sha256=hashlib.sha256(raw_xml).hexdigest() if raw_xml is not None else None,
            ma_gd=ma_gd,
            received_at=received_at or clock.now(),
        )
        .on_conflict_do_nothing(index_elements=["facility_code", "serial"])
        .returning(MedicalCertificate.certificate_id)
    ).scalar()
    if stored is not None:
        _announce(db_session, certificate)
        return ma_gd
    return db_session.scalar(
        select(MedicalCertificate.ma_gd).filter_by(
            facility_code=certificate.facility_code, serial=certificate.serial
        )
    )
