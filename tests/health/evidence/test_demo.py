"""The demo's synthetic hospital: its documents go through the same checks and are stored."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.events.models import OutboxEvent
from ansinh.health.evidence.demo import seed
from ansinh.health.evidence.models import EvidenceReceipt, MedicalCertificate
from ansinh.health.models import Facility
from tests.health.conftest import make_person


def test_the_synthetic_hospital_sends_sick_leaves_births_and_deaths(db_session: Session) -> None:
    db_session.add(
        Facility(code="79001", name="Bệnh viện", level="specialised", province_code="79")
    )
    for n in range(6):
        make_person(db_session, date_of_birth=date(1990 + n, 5, 1))
    outcomes = seed(db_session=db_session, province="79", today=date(2026, 11, 30))
    kinds = db_session.scalars(select(MedicalCertificate.kind)).all()
    assert outcomes["refused"] == 0 and outcomes["accepted"] == len(kinds)
    assert {"sick_leave", "birth", "death"} <= set(kinds)
    assert set(db_session.scalars(select(EvidenceReceipt.client_id))) == {"demo:synthetic-hospital"}
    names = set(db_session.scalars(select(OutboxEvent.name)))
    assert {"MedicalBirthCertified", "MedicalDeathNotified"} <= names
