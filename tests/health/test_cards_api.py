"""Cards for officers: read with a signed QR, change facility, suspend, reinstate, end at death."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from ansinh.core.signing import key_set, public_jwks
from ansinh.health.cards.qr import verify_card
from tests.conftest import api_headers
from tests.health.conftest import FACILITY, OTHER_FACILITY, VISIT, make_person


@pytest.fixture()
def officer(db_session: Session) -> dict[str, str]:
    """An officer client that may read and change cards."""
    return api_headers(db_session, "hi:cards:read", "hi:cards:write", client_id="officer-1")


def _card_url(si_number: str) -> str:
    return f"/api/v1/hi/persons/{si_number}/card"


def test_a_card_comes_with_a_signed_qr(
    hi_client: TestClient, officer: dict[str, str], db_session: Session, make_insured: Any
) -> None:
    insured = make_insured()
    si = insured.person.si_number
    response = hi_client.get(_card_url(si), headers=officer)
    assert response.status_code == 200
    body = response.json()
    assert body["card"]["card_code"] == f"DN479{si}"
    assert body["holder"] == {
        "full_name": "Nguyễn Thị Lan",
        "date_of_birth": "1985-03-14",
        "sex": "F",
    }
    _, claims = verify_card(body["qr_jws"], key_set(public_jwks()))
    assert (claims["card"], claims["si"], claims["lvl"], claims["to"]) == (
        f"DN479{si}",
        si,
        4,
        "2026-12-31",
    )
    assert insured.personal_id not in str(claims)
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.subject == si)).all()
    assert [(e.actor_id, e.action, e.purpose) for e in events] == [
        ("officer-1", "read", "automated test")
    ]


@pytest.mark.parametrize(
    ("image_format", "media_type"), [("svg", "image/svg+xml"), ("png", "image/png")]
)
def test_the_qr_image(
    hi_client: TestClient,
    officer: dict[str, str],
    make_insured: Any,
    image_format: str,
    media_type: str,
) -> None:
    insured = make_insured()
    response = hi_client.get(
        f"{_card_url(insured.person.si_number)}/qr",
        params={"format": image_format},
        headers=officer,
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert len(response.content) > 500


def test_a_person_without_a_card_is_404(
    hi_client: TestClient, officer: dict[str, str], db_session: Session
) -> None:
    person = make_person(db_session)
    response = hi_client.get(_card_url(person.si_number), headers=officer)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_change_of_primary_care_facility(
    hi_client: TestClient, officer: dict[str, str], db_session: Session, make_insured: Any
) -> None:
    insured = make_insured()
    url = _card_url(insured.person.si_number)
    response = hi_client.patch(url, json={"facility_code": OTHER_FACILITY}, headers=officer)
    assert response.status_code == 200
    assert response.json()["registered_facility_code"] == OTHER_FACILITY
    unknown = hi_client.patch(url, json={"facility_code": "01001"}, headers=officer)
    assert unknown.status_code == 422


def test_suspend_then_reinstate_then_end_at_death(
    hi_client: TestClient,
    officer: dict[str, str],
    clinic_headers: dict[str, str],
    make_insured: Any,
) -> None:
    insured = make_insured()
    url = _card_url(insured.person.si_number)

    def check() -> str:
        answer = hi_client.post(
            "/api/v1/hi/eligibility",
            json={
                "personal_id": insured.personal_id,
                "facility_code": FACILITY,
                "visit_date": VISIT.isoformat(),
            },
            headers=clinic_headers,
        )
        return str(answer.json()["result"])

    suspended = hi_client.patch(url, json={"status": "suspended"}, headers=officer)
    assert (suspended.json()["status"], suspended.json()["status_reason"]) == (
        "suspended",
        "lapsed",
    )
    assert check() == "card_suspended"
    hi_client.patch(url, json={"status": "active"}, headers=officer)
    assert check() == "valid"
    died = hi_client.patch(
        url,
        json={"status": "ended", "reason": "death", "effective_on": "2026-11-20"},
        headers=officer,
    )
    assert (died.json()["status_reason"], died.json()["valid_to"]) == ("death", "2026-11-20")
    assert check() == "card_ended"
    again = hi_client.patch(url, json={"status": "active"}, headers=officer)
    assert again.status_code == 409


@pytest.mark.parametrize(
    "body", [{}, {"status": "ended"}, {"status": "lost"}, {"facility_code": "7901"}]
)
def test_a_bad_change_is_422(
    hi_client: TestClient, officer: dict[str, str], make_insured: Any, body: dict[str, Any]
) -> None:
    insured = make_insured()
    response = hi_client.patch(_card_url(insured.person.si_number), json=body, headers=officer)
    assert response.status_code == 422


def test_reading_a_card_needs_the_scope_and_a_purpose(
    hi_client: TestClient,
    clinic_headers: dict[str, str],
    officer: dict[str, str],
    make_insured: Any,
) -> None:
    insured = make_insured()
    url = _card_url(insured.person.si_number)
    assert hi_client.get(url, headers=clinic_headers).status_code == 403
    no_purpose = {k: v for k, v in officer.items() if k != "X-Purpose"}
    assert hi_client.get(url, headers=no_purpose).status_code == 422
    assert hi_client.get(url).status_code == 401


def test_valid_to_never_precedes_valid_from(
    hi_client: TestClient, officer: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured(valid_from=date(2026, 11, 1))
    ended = hi_client.patch(
        _card_url(insured.person.si_number),
        json={"status": "withdrawn", "reason": "withdrawn", "effective_on": "2026-10-01"},
        headers=officer,
    )
    assert ended.status_code == 200
    assert ended.json()["valid_to"] == "2026-11-01"
