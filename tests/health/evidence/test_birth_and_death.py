"""Birth certificates and death notices: fields read as sent, and the events they announce."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.events.models import OutboxEvent
from ansinh.health.evidence.models import MedicalCertificate
from ansinh.health.evidence.service import certificate_by_serial
from ansinh.synth import hospital
from ansinh.synth.hospital import SigningKey
from tests.health.conftest import FACILITY
from tests.health.evidence.conftest import BIRTH_OR_DEATH, PATIENT, send


def _payloads(db_session: Session, name: str) -> list[dict[str, Any]]:
    return list(db_session.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == name)))


def _birth(*, caesarean: bool, under_32_weeks: bool) -> etree._Element:
    return hospital.birth_certificate(
        FACILITY,
        "000042",
        PATIENT,
        born_at=datetime(2026, 11, 21, 23, 58, 7),
        child_name="Nguyễn Văn An",
        child_sex="1",
        caesarean=caesarean,
        under_32_weeks=under_32_weeks,
        book="07",
    )


def test_a_birth_certificate_is_read_and_announced(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    document = hospital.signed(_birth(caesarean=True, under_32_weeks=True), hospital_key)
    response = send(hi_client, credentials, document, path=BIRTH_OR_DEATH, kind="61")
    assert response.status_code == 200, response.text
    found = certificate_by_serial(db_session, serial="07-000042")
    assert found is not None and found.kind == "birth"
    assert (found.caesarean, found.under_32_weeks) == (True, True)
    assert found.event_date == date(2026, 11, 21)
    assert (found.personal_id, found.si_number) == (PATIENT.personal_id, PATIENT.si_number)
    stored = db_session.scalars(select(MedicalCertificate)).one()
    assert stored.fields["NGAY_SINH_CON"] == "20261121235807"
    [event] = _payloads(db_session, "MedicalBirthCertified")
    assert event == {
        "serial": "07-000042",
        "facility_code": FACILITY,
        "mother_personal_id": PATIENT.personal_id,
        "mother_si_number": PATIENT.si_number,
        "date_of_birth": "2026-11-21",
        "caesarean": True,
        "under_32_weeks": True,
    }


def test_a_normal_birth_reads_false_flags(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    document = hospital.signed(_birth(caesarean=False, under_32_weeks=False), hospital_key)
    send(hi_client, credentials, document, path=BIRTH_OR_DEATH, kind="61")
    found = certificate_by_serial(db_session, serial="07-000042")
    assert found is not None and (found.caesarean, found.under_32_weeks) == (False, False)


def test_a_birth_time_without_seconds_is_a_format_error(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    document = _birth(caesarean=False, under_32_weeks=False)
    document.find("GIAYCHUNGSINH/NGAY_SINH_CON").text = "202611212358"  # type: ignore[union-attr]
    response = send(
        hi_client,
        credentials,
        hospital.signed(document, hospital_key),
        path=BIRTH_OR_DEATH,
        kind="61",
    )
    assert response.status_code == 422 and response.json()["MaKetQua"] == "205"
    assert "NGAY_SINH_CON" in response.json()["detail"]
    assert _payloads(db_session, "MedicalBirthCertified") == []


def test_a_death_notice_is_stored_and_announced_without_names(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    notice = hospital.death_notice(
        FACILITY, "GBT-2026-0001", PATIENT, died_at=datetime(2026, 11, 30, 4, 15), cause="I21"
    )
    document = hospital.signed(notice, hospital_key)
    response = send(hi_client, credentials, document, path=BIRTH_OR_DEATH, kind="60")
    assert response.status_code == 200, response.text
    again = send(hi_client, credentials, document, path=BIRTH_OR_DEATH, kind="60")
    assert again.json()["MaGD"] == response.json()["MaGD"]
    found = certificate_by_serial(db_session, serial="GBT-2026-0001")
    assert found is not None and found.kind == "death"
    assert found.event_date == date(2026, 11, 30)
    [event] = _payloads(db_session, "MedicalDeathNotified")
    assert event == {
        "serial": "GBT-2026-0001",
        "facility_code": FACILITY,
        "personal_id": PATIENT.personal_id,
        "si_number": PATIENT.si_number,
        "date_of_death": "2026-11-30",
    }
    assert PATIENT.full_name not in str(event)


def test_a_death_notice_with_an_old_id_card_number_keeps_it_only_in_the_fields(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    person = hospital.Patient("Trần Văn Bình", date(1940, 1, 2), "1", "023456789", "")
    notice = hospital.death_notice(
        FACILITY, "GBT-2026-0002", person, died_at=datetime(2026, 11, 30, 4, 15), cause="I21"
    )
    send(
        hi_client,
        credentials,
        hospital.signed(notice, hospital_key),
        path=BIRTH_OR_DEATH,
        kind="60",
    )
    found = certificate_by_serial(db_session, serial="GBT-2026-0002")
    assert found is not None and found.personal_id is None and found.si_number is None
    stored = db_session.scalars(select(MedicalCertificate)).one()
    assert stored.fields["SO_GIAYTO"] == "023456789"
