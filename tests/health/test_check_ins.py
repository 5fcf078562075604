"""Check-ins after a usable check, and daily counts per facility and province."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.core.clock import today
from tests.conftest import api_headers
from tests.health.conftest import FACILITY, OTHER_FACILITY


def _check(client: TestClient, headers: dict[str, str], personal_id: str) -> str:
    response = client.post(
        "/api/v1/hi/eligibility",
        json={"personal_id": personal_id, "facility_code": FACILITY},
        headers=headers,
    )
    return str(response.json()["check_id"])


def _check_in(client: TestClient, headers: dict[str, str], check_id: str) -> Any:
    return client.post(
        "/api/v1/hi/check-ins",
        json={"check_id": check_id, "visit_type": "outpatient"},
        headers=headers,
    )


def test_a_usable_check_can_be_checked_in_once(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured()
    check_id = _check(hi_client, clinic_headers, insured.personal_id)
    first = _check_in(hi_client, clinic_headers, check_id)
    assert first.status_code == 201, first.text
    assert (first.json()["card_id"], first.json()["facility_code"]) == (
        insured.card.card_id,
        FACILITY,
    )
    assert _check_in(hi_client, clinic_headers, check_id).status_code == 409


def test_an_unusable_check_cannot_be_checked_in(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    expired = make_insured(status="ended", status_reason="stopped")
    assert (
        _check_in(
            hi_client, clinic_headers, _check(hi_client, clinic_headers, expired.personal_id)
        ).status_code
        == 422
    )
    not_found = _check(hi_client, clinic_headers, "079185000999")
    assert _check_in(hi_client, clinic_headers, not_found).status_code == 422
    unknown = "0192f0c0-0000-7000-8000-000000000000"
    assert _check_in(hi_client, clinic_headers, unknown).status_code == 404


def test_another_facility_cannot_check_in_my_check(
    hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session, make_insured: Any
) -> None:
    insured = make_insured()
    check_id = _check(hi_client, clinic_headers, insured.personal_id)
    other = api_headers(db_session, "hi:eligibility", client_id=f"{OTHER_FACILITY}_BV")
    assert _check_in(hi_client, other, check_id).status_code == 403


def test_daily_counts_by_facility_and_province(
    hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session, make_insured: Any
) -> None:
    people = [make_insured() for _ in range(3)]
    for insured in people:
        _check(hi_client, clinic_headers, insured.personal_id)
    _check(hi_client, clinic_headers, "079185000999")
    _check_in(hi_client, clinic_headers, _check(hi_client, clinic_headers, people[0].personal_id))
    stats = api_headers(db_session, "hi:stats", client_id="scorecard")
    day = today().isoformat()
    params = {"date_from": day, "date_to": day}
    by_facility = hi_client.get(
        "/api/v1/hi/stats/daily", params=params | {"by": "facility"}, headers=stats
    )
    assert by_facility.status_code == 200, by_facility.text
    mine = [row for row in by_facility.json() if row["key"] == FACILITY]
    assert mine == [{"day": day, "key": FACILITY, "checks": 5, "usable_checks": 4, "check_ins": 1}]
    by_province = hi_client.get(
        "/api/v1/hi/stats/daily",
        params=params | {"by": "province", "province_code": "79"},
        headers=stats,
    ).json()
    assert [(r["key"], r["checks"], r["check_ins"]) for r in by_province] == [("79", 5, 1)]


def test_counts_refuse_a_wrong_range(hi_client: TestClient, db_session: Session) -> None:
    stats = api_headers(db_session, "hi:stats", client_id="scorecard")
    response = hi_client.get(
        "/api/v1/hi/stats/daily",
        params={"date_from": "2026-02-01", "date_to": "2026-01-01", "by": "facility"},
        headers=stats,
    )
    assert response.status_code == 422
