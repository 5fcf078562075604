"""The interface claims use: store a certificate once, find it by serial."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.core.events.models import OutboxEvent
from ansinh.health.evidence.models import MedicalCertificate
from ansinh.health.evidence.schemas import Certificate
from ansinh.health.evidence.service import certificate_by_serial, store_certificate


def _sick_leave(serial: str = "0000451", **changes: object) -> Certificate:
    fields: dict[str, object] = {
        "serial": serial,
        "kind": "sick_leave",
        "personal_id": "079185000123",
        "si_number": "0791234567",
        "from_date": date(2026, 11, 2),
        "to_date": date(2026, 11, 6),
        "event_date": date(2026, 11, 2),
        "facility_code": "79011",
        "caesarean": None,
        "under_32_weeks": None,
    }
    return Certificate.model_validate(fields | changes)


def test_a_stored_certificate_is_found_by_its_serial_with_leading_zeros(
    db_session: Session,
) -> None:
    store_certificate(db_session, certificate=_sick_leave(), raw_xml=b"<CT07/>")
    assert certificate_by_serial(db_session, serial="0000451") == _sick_leave()
    assert certificate_by_serial(db_session, serial="451") is None


def test_storing_twice_keeps_the_first(db_session: Session) -> None:
    store_certificate(db_session, certificate=_sick_leave())
    store_certificate(db_session, certificate=_sick_leave(to_date=date(2026, 11, 30)))
    assert db_session.scalar(select(func.count()).select_from(MedicalCertificate)) == 1
    found = certificate_by_serial(db_session, serial="0000451")
    assert found is not None and found.to_date == date(2026, 11, 6)


def test_the_same_serial_at_two_facilities_is_two_certificates(db_session: Session) -> None:
    store_certificate(db_session, certificate=_sick_leave())
    store_certificate(db_session, certificate=_sick_leave(facility_code="79012"))
    assert db_session.scalar(select(func.count()).select_from(MedicalCertificate)) == 2


def test_only_birth_and_death_are_announced(db_session: Session) -> None:
    store_certificate(db_session, certificate=_sick_leave())
    death = _sick_leave("GBT1", kind="death", from_date=None, to_date=None)
    store_certificate(db_session, certificate=death)
    store_certificate(db_session, certificate=death)
    names = db_session.scalars(select(OutboxEvent.name)).all()
    assert list(names) == ["MedicalDeathNotified"]
