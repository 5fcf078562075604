"""Persons API: registration, reads with audit, identity checks, and problem+json errors."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from tests.conftest import api_headers

PERSONS = "/api/v1/registry/persons"
LAN = {
    "personal_id": "079190123456",
    "full_name": "Nguyễn Thị Lan",
    "date_of_birth": "1990-05-17",
    "sex": "F",
    "address": "Số 12, Đường Lê Lợi, Phường Bến Thành, TP Hồ Chí Minh",
    "province_code": "79",
}


def _register(client: TestClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = client.post(PERSONS, json=LAN | overrides, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _audit_count(db_session: Session, subject: str, action: str) -> int:
    return (
        db_session.scalar(
            select(func.count()).where(AuditEvent.subject == subject, AuditEvent.action == action)
        )
        or 0
    )


def test_registering_allocates_an_si_number_from_the_province(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    person = _register(client, officer_headers)
    assert person["si_number"].startswith("79") and len(person["si_number"]) == 10
    assert person["auth_status"] == "unverified"


def test_an_old_address_is_filed_under_todays_province(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    old_record = LAN | {"address": "Xã Tân Hiệp, Huyện Tân Uyên, Tỉnh Bình Dương"}
    del old_record["province_code"]
    response = client.post(PERSONS, json=old_record, headers=officer_headers)
    person = response.json()
    assert response.status_code == 201 and person["province_code"] == "79"
    assert person["si_number"].startswith("79")


def test_every_read_of_a_person_is_audited_with_actor_and_purpose(
    client: TestClient, officer_headers: dict[str, str], db_session: Session
) -> None:
    si = _register(client, officer_headers)["si_number"]
    assert client.get(f"{PERSONS}/{si}", headers=officer_headers).status_code == 200
    found = client.post(
        f"{PERSONS}/search", json={"personal_id": LAN["personal_id"]}, headers=officer_headers
    )
    assert found.json()["total"] == 1
    assert (
        client.get(PERSONS, params={"province_code": "79"}, headers=officer_headers).json()["total"]
        == 1
    )
    assert _audit_count(db_session, si, "read") == 3
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.subject == si, AuditEvent.action == "read")
    ).first()
    assert event is not None
    assert (event.actor_kind, event.actor_id, event.purpose) == (
        "client",
        "test-client",
        "automated test",
    )


def test_a_page_of_persons_writes_one_audit_row_per_person(
    client: TestClient, officer_headers: dict[str, str], db_session: Session
) -> None:
    sis = [
        _register(
            client, officer_headers, personal_id=f"07919012345{i}", full_name=f"Lê Văn {n}", sex="F"
        )["si_number"]
        for i, n in enumerate(["An", "Bình", "Chi"])
    ]
    page = client.get(PERSONS, params={"size": 2}, headers=officer_headers).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    read = [s for s in sis if _audit_count(db_session, s, "read") == 1]
    assert sorted(read) == sorted(p["si_number"] for p in page["items"])


def test_the_person_can_see_who_read_their_data(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    si = _register(client, officer_headers)["si_number"]
    client.get(f"{PERSONS}/{si}", headers=officer_headers)
    events = client.get(f"{PERSONS}/{si}/audit", headers=officer_headers).json()["items"]
    assert [e["action"] for e in events] == ["read", "create"]


def test_identity_changes_are_checked_and_audited(
    client: TestClient, officer_headers: dict[str, str], db_session: Session
) -> None:
    si = _register(client, officer_headers)["si_number"]
    ok = client.patch(
        f"{PERSONS}/{si}", json={"full_name": "Nguyễn Thị Lan Anh"}, headers=officer_headers
    )
    assert ok.json()["full_name"] == "Nguyễn Thị Lan Anh"
    assert _audit_count(db_session, si, "update") == 1
    bad = client.patch(f"{PERSONS}/{si}", json={"sex": "M"}, headers=officer_headers)
    assert bad.status_code == 422
    assert "sex" in bad.json()["detail"]


def test_a_personal_id_contradicting_the_birth_year_is_refused_with_the_reason(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    response = client.post(
        PERSONS, json=LAN | {"date_of_birth": "1991-05-17"}, headers=officer_headers
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "1991" in response.json()["detail"] or "year" in response.json()["detail"]


def test_error_responses_never_echo_the_personal_id(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    response = client.post(
        PERSONS, json=LAN | {"personal_id": "07919012345X"}, headers=officer_headers
    )
    assert response.status_code == 422
    assert "07919012345" not in response.text


def test_the_same_personal_id_cannot_be_registered_twice(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    _register(client, officer_headers)
    again = client.post(PERSONS, json=LAN, headers=officer_headers)
    assert again.status_code == 409
    assert "personal_id" in again.json()["detail"]


def test_partial_dates_of_birth_must_use_the_first_day(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    response = client.post(PERSONS, json=LAN | {"dob_precision": "year"}, headers=officer_headers)
    assert response.status_code == 422
    assert "1 January" in response.json()["detail"]
    person = _register(client, officer_headers, date_of_birth="1990-01-01", dob_precision="year")
    assert person["dob_precision"] == "year"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer not-a-key", "X-Purpose": "x-test"}, 401),
    ],
)
def test_reads_need_a_valid_key(client: TestClient, headers: dict[str, str], status: int) -> None:
    response = client.get(PERSONS, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_a_read_only_client_cannot_register(client: TestClient, db_session: Session) -> None:
    headers = api_headers(db_session, "registry:read", client_id="clinic-79011")
    response = client.post(PERSONS, json=LAN, headers=headers)
    assert response.status_code == 403
    assert "registry:write" in response.json()["detail"]


def test_reads_without_a_stated_purpose_are_refused(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    headers = {k: v for k, v in officer_headers.items() if k != "X-Purpose"}
    response = client.get(PERSONS, headers=headers)
    assert response.status_code == 422
    assert "x-purpose" in response.json()["detail"].lower()


def test_unknown_si_number_is_a_404_problem(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    response = client.get(f"{PERSONS}/7900000000", headers=officer_headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "no person with that SI number"


@pytest.mark.parametrize("purpose", ["checking\x1b[2Ja claim", "checking\x7fa claim"])
def test_control_bytes_in_the_purpose_are_refused_and_never_stored(
    client: TestClient, officer_headers: dict[str, str], db_session: Session, purpose: str
) -> None:
    si = _register(client, officer_headers)["si_number"]
    response = client.get(f"{PERSONS}/{si}", headers=officer_headers | {"X-Purpose": purpose})
    assert response.status_code == 422
    assert "X-Purpose" in response.json()["detail"]
    stored = db_session.scalars(select(AuditEvent.purpose)).all()
    assert not any("\x1b" in p or "\x7f" in p for p in stored)
