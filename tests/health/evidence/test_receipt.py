"""The PL02 certificate service: stored and found, refused with its code and logged, resent."""

from __future__ import annotations

import base64
from datetime import date

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.core.config import get_settings
from ansinh.health.evidence import keys
from ansinh.health.evidence.models import EvidenceReceipt, MedicalCertificate
from ansinh.health.evidence.service import certificate_by_serial
from ansinh.synth import hospital
from ansinh.synth.hospital import SigningKey
from tests.health.conftest import FACILITY, OTHER_FACILITY
from tests.health.evidence.conftest import BIRTH_OR_DEATH, PATIENT, ct07, send


def _receipts(db_session: Session) -> list[tuple[str, str, str | None]]:
    rows = db_session.execute(
        select(
            EvidenceReceipt.outcome, EvidenceReceipt.result_code, EvidenceReceipt.reason
        ).order_by(EvidenceReceipt.receipt_id)
    ).all()
    return [tuple(row) for row in rows]


def test_a_good_ct07_is_stored_and_found_by_serial(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    response = send(hi_client, credentials, hospital.signed(ct07(), hospital_key))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["MaKetQua"] == "200" and len(answer["MaGD"]) == 32
    assert len(answer["ThoiGianTiepNhan"]) == 14
    found = certificate_by_serial(db_session, serial="000123")
    assert found is not None
    assert (found.kind, found.facility_code) == ("sick_leave", FACILITY)
    assert (found.from_date, found.to_date) == (date(2026, 11, 20), date(2026, 11, 24))
    assert (found.personal_id, found.si_number) == (PATIENT.personal_id, "0791234567")
    stored = db_session.scalars(select(MedicalCertificate)).one()
    assert stored.ma_gd == answer["MaGD"] and stored.form_code == "CT07"
    assert stored.fields["SO_SERI"] == "000123" and stored.fields["MA_BHXH"] == "0791234567"
    assert _receipts(db_session) == [("accepted", "200", None)]


def test_a_resend_answers_the_same_magd_and_is_stored_once(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    document = hospital.signed(ct07(), hospital_key)
    first = send(hi_client, credentials, document).json()
    again = send(hi_client, credentials, document).json()
    assert again["MaGD"] == first["MaGD"] and again["MaKetQua"] == "200"
    assert db_session.scalar(select(func.count()).select_from(MedicalCertificate)) == 1
    assert [r[0] for r in _receipts(db_session)] == ["accepted", "duplicate"]


def test_bad_base64_is_answered_205_and_logged(
    hi_client: TestClient, db_session: Session, credentials: dict[str, str]
) -> None:
    response = send(hi_client, credentials, "không phải base64!!")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["MaKetQua"] == "205" and body["MaGD"] and "base64" in body["detail"]
    assert _receipts(db_session) == [("refused", "205", "fileBase64Str: not valid base64")]


def test_a_file_over_the_limit_is_answered_1001(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "evidence_max_bytes", 1000)
    response = send(hi_client, credentials, hospital.signed(ct07(), hospital_key))
    assert response.status_code == 413
    assert response.json()["MaKetQua"] == "1001"
    assert _receipts(db_session)[0][:2] == ("refused", "1001")
    assert db_session.scalar(select(func.count()).select_from(MedicalCertificate)) == 0


def test_a_body_far_over_the_limit_is_refused_unread(
    hi_client: TestClient, credentials: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "evidence_max_bytes", 10)
    response = send(hi_client, credentials, b"x" * 200_000)
    assert response.status_code == 413 and response.json()["MaKetQua"] == "1001"


def test_a_changed_document_fails_its_signature_and_is_logged(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    signed = hospital.signed(ct07(), hospital_key)
    tampered = signed.replace(b"<DEN_NGAY>20261124<", b"<DEN_NGAY>20261130<")
    response = send(hi_client, credentials, tampered)
    assert response.status_code == 401 and response.json()["MaKetQua"] == "401"
    outcome, code, reason = _receipts(db_session)[0]
    assert (outcome, code) == ("refused", "401") and reason and "digest mismatch" in reason
    assert certificate_by_serial(db_session, serial="000123") is None


def test_a_key_the_facility_did_not_register_is_refused(
    hi_client: TestClient, db_session: Session, credentials: dict[str, str]
) -> None:
    stranger = hospital.facility_key(FACILITY)
    response = send(hi_client, credentials, hospital.signed(ct07(), stranger))
    assert response.status_code == 401
    assert "no registered certificate" in (_receipts(db_session)[0][2] or "")


def test_an_unsigned_document_is_refused(
    hi_client: TestClient, db_session: Session, credentials: dict[str, str]
) -> None:
    response = send(hi_client, credentials, etree.tostring(ct07()))
    assert response.status_code == 401
    assert "Signature" in (_receipts(db_session)[0][2] or "")


def test_another_facility_or_a_facility_without_certificate_is_refused(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    other = hospital.sick_leave(
        OTHER_FACILITY,
        "000777",
        PATIENT,
        first_day=date(2026, 11, 20),
        last_day=date(2026, 11, 21),
        issued=date(2026, 11, 20),
    )
    document = hospital.signed(other, hospital_key)
    refused = send(hi_client, credentials, document, maCskcb=OTHER_FACILITY)
    assert refused.status_code == 401
    assert "another facility" in refused.json()["detail"]
    mismatch = send(hi_client, credentials, document)
    assert mismatch.status_code == 422 and mismatch.json()["MaKetQua"] == "205"
    assert [r[1] for r in _receipts(db_session)] == ["401", "205"]


def test_wrong_credentials_are_refused_401(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    document = hospital.signed(ct07(), hospital_key)
    response = send(hi_client, credentials, document, password="0" * 32)
    assert response.status_code == 401 and response.json()["MaKetQua"] == "401"
    assert _receipts(db_session)[0][:2] == ("refused", "401")


def test_the_service_takes_only_its_document_types(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    document = hospital.signed(ct07(), hospital_key)
    response = send(hi_client, credentials, document, path=BIRTH_OR_DEATH, kind="39")
    assert response.status_code == 422 and "loaiHs" in response.json()["detail"]
    response = send(hi_client, credentials, document, kind="61")
    assert response.status_code == 422


def test_not_xml_and_a_doctype_are_format_errors(
    hi_client: TestClient, credentials: dict[str, str]
) -> None:
    response = send(hi_client, credentials, b"<HSCHUNGTU><unclosed></HSCHUNGTU>")
    assert response.status_code == 422 and "well-formed" in response.json()["detail"]
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE HSCHUNGTU [<!ENTITY a "aaaa">]><HSCHUNGTU>&a;</HSCHUNGTU>'
    )
    response = send(hi_client, credentials, base64.b64encode(bomb).decode())
    assert response.status_code == 422 and response.json()["MaKetQua"] == "205"


def test_the_api_documents_the_form_hospitals_post(hi_client: TestClient) -> None:
    schema = hi_client.get("/openapi.json").json()
    for path in ("/api/chungtugw/GuiHoSoChungTu2025", BIRTH_OR_DEATH):
        body = schema["paths"][path]["post"]["requestBody"]["content"]
        form = body["application/x-www-form-urlencoded"]["schema"]
        assert {"maCskcb", "loaiHs", "fileBase64Str"} <= set(form["required"])


def test_a_serial_too_long_to_store_is_a_format_error(
    hi_client: TestClient, credentials: dict[str, str], hospital_key: SigningKey
) -> None:
    response = send(hi_client, credentials, hospital.signed(ct07("9" * 51), hospital_key))
    assert response.status_code == 422 and "serial" in response.json()["detail"]


def test_a_deactivated_certificate_verifies_nothing(
    hi_client: TestClient,
    db_session: Session,
    credentials: dict[str, str],
    hospital_key: SigningKey,
) -> None:
    [row] = keys.listed(db_session=db_session, facility_code=FACILITY)
    keys.deactivate(db_session=db_session, certificate_id=row.certificate_id)
    response = send(hi_client, credentials, hospital.signed(ct07(), hospital_key))
    assert response.status_code == 401
    assert "no registered signing certificate" in response.json()["detail"]
