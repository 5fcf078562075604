"""POST /api/v1/hi/eligibility: every answer, the facility binding, and the check log."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from ansinh.health.eligibility import clinic
from ansinh.health.eligibility.clinic import RateLimiter
from ansinh.health.models import Check
from tests.conftest import api_headers
from tests.health.conftest import FACILITY, OTHER_FACILITY, VISIT, make_card, make_person

URL = "/api/v1/hi/eligibility"


def _check(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    body.setdefault("facility_code", FACILITY)
    body.setdefault("visit_date", VISIT.isoformat())
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_a_valid_card_by_personal_id(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured()
    answer = _check(hi_client, clinic_headers, personal_id=insured.personal_id)
    assert (answer["code"], answer["result"], answer["usable"]) == ("000", "valid", True)
    assert answer["registered_facility"] is True and answer["notes"] == []
    card = answer["card"]
    assert card["card_code"] == f"DN479{insured.person.si_number}"
    assert card["benefit_level"] == 4 and card["registered_facility_code"] == FACILITY
    assert card["five_years_from"] == "2021-01-01" and card["valid_to"] == "2026-12-31"
    assert answer["holder"]["full_name"] == "Nguyễn Thị Lan"
    assert insured.personal_id not in str(answer)


def test_the_card_code_and_the_si_number_find_the_same_card(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured()
    si = insured.person.si_number
    for key in (si, f"DN479{si}", f"dn4 79 {si}"):
        assert _check(hi_client, clinic_headers, card_code=key)["code"] == "000"


def test_another_facility_is_valid_with_a_note(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured(facility_code=OTHER_FACILITY)
    answer = _check(hi_client, clinic_headers, personal_id=insured.personal_id)
    assert (answer["code"], answer["result"]) == ("000", "valid_with_notes")
    assert answer["registered_facility"] is False
    assert OTHER_FACILITY in answer["notes"][0]


@pytest.mark.parametrize(
    ("card_fields", "code", "result"),
    [
        ({"object_code": "QN", "benefit_level": 5}, "001", "valid_with_notes"),
        ({"object_code": "CA", "benefit_level": 5}, "002", "valid_with_notes"),
        ({"valid_to": date(2026, 6, 30)}, "010", "card_expired"),
        ({"valid_from": date(2026, 12, 1)}, "010", "card_not_yet_valid"),
        ({"status": "withdrawn", "status_reason": "withdrawn"}, "110", "card_withdrawn"),
        ({"status": "ended"}, "120", "card_ended"),
        ({"status": "ended", "status_reason": "death"}, "120", "card_ended"),
        ({"status": "suspended", "status_reason": "lapsed"}, "120", "card_suspended"),
        ({"status": "ended", "status_reason": "moved_province"}, "121", "card_ended"),
        ({"status": "ended", "status_reason": "moved_within"}, "122", "card_ended"),
        ({"status": "ended", "status_reason": "re_enrolled"}, "123", "card_ended"),
        ({"status": "ended", "status_reason": "stopped"}, "124", "card_ended"),
    ],
)
def test_each_card_state_has_its_code(
    hi_client: TestClient,
    clinic_headers: dict[str, str],
    make_insured: Any,
    card_fields: dict[str, Any],
    code: str,
    result: str,
) -> None:
    insured = make_insured(**card_fields)
    answer = _check(hi_client, clinic_headers, personal_id=insured.personal_id)
    assert (answer["code"], answer["result"]) == (code, result)
    assert answer["usable"] is (code <= "004")
    assert answer["card"]["card_id"] == insured.card.card_id


@pytest.mark.parametrize(
    ("presented", "code"),
    [("HC4", "051"), ("DN401", "052"), ("DN3", "053")],
)
def test_a_wrong_card_code_is_named_without_showing_the_card(
    hi_client: TestClient,
    clinic_headers: dict[str, str],
    make_insured: Any,
    presented: str,
    code: str,
) -> None:
    insured = make_insured()
    prefix = presented if len(presented) == 5 else f"{presented}79"
    answer = _check(hi_client, clinic_headers, card_code=f"{prefix}{insured.person.si_number}")
    assert (answer["code"], answer["result"]) == (code, "card_code_mismatch")
    assert answer["card"] is None and answer["holder"] is None


def test_a_replaced_card_points_to_the_new_one(
    hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session, make_insured: Any
) -> None:
    insured = make_insured(object_code="GD", valid_to=date(2026, 12, 31))
    old = insured.card
    old.replaced_by = old.card_id  # park it, as the issuance job does, while the new one goes in
    db_session.flush()
    new = make_card(db_session, insured.person, object_code="DN", valid_from=date(2026, 11, 1))
    old.replaced_by = new.card_id
    db_session.flush()

    still_valid = _check(hi_client, clinic_headers, card_code=old.code)
    assert (still_valid["code"], still_valid["result"]) == ("004", "valid_with_notes")
    assert still_valid["card"]["card_code"] == old.code
    assert still_valid["new_card"]["card_code"] == new.code

    after_expiry = _check(hi_client, clinic_headers, card_code=old.code, visit_date="2027-01-05")
    assert after_expiry["code"] == "010"  # the new card has expired too by then
    old.valid_to = date(2026, 11, 20)
    db_session.flush()
    expired_old = _check(hi_client, clinic_headers, card_code=old.code)
    assert expired_old["code"] == "003" and expired_old["new_card"]["card_id"] == new.card_id


@pytest.mark.parametrize(
    ("chip", "code"),
    [
        ({"full_name": "NGUYEN THI LAN", "date_of_birth": "1985-03-14"}, "000"),
        ({"full_name": "Nguyễn Thị Lan", "date_of_birth": "1985-03-15"}, "070"),
        ({"full_name": "Nguyễn Thanh Long", "date_of_birth": "1985-03-14"}, "061"),
        ({"full_name": "Trần Văn An", "date_of_birth": "1985-03-14"}, "060"),
    ],
)
def test_chip_data_must_match_the_register(
    hi_client: TestClient,
    clinic_headers: dict[str, str],
    make_insured: Any,
    chip: dict[str, str],
    code: str,
) -> None:
    insured = make_insured()
    answer = _check(hi_client, clinic_headers, chip={"personal_id": insured.personal_id, **chip})
    assert answer["code"] == code
    assert (answer["card"] is None) is (code != "000")


def test_not_found_is_an_answer_and_is_logged(
    hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session
) -> None:
    answer = _check(hi_client, clinic_headers, personal_id="079185000777")
    assert (answer["code"], answer["result"], answer["card"]) == ("050", "not_found", None)
    check = db_session.get(Check, answer["check_id"])
    assert check is not None
    assert (check.result_code, check.si_number, check.facility_code) == ("050", None, FACILITY)
    assert (check.client_id, check.channel, check.key_kind) == (
        f"{FACILITY}_BV",
        "api",
        "personal_id",
    )


def test_a_check_is_logged_and_audited_by_si_number(
    hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session, make_insured: Any
) -> None:
    insured = make_insured()
    answer = _check(hi_client, clinic_headers, personal_id=insured.personal_id)
    check = db_session.get(Check, answer["check_id"])
    assert check is not None and check.si_number == insured.person.si_number
    assert (check.card_id, check.visit_date) == (insured.card.card_id, VISIT)
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.subject == insured.person.si_number)
    ).all()
    assert [(e.actor_id, e.action, e.resource) for e in events] == [
        (f"{FACILITY}_BV", "read", "health.card")
    ]
    assert FACILITY in events[0].purpose


def test_a_person_without_a_card_is_not_found(
    hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session
) -> None:
    person = make_person(db_session)
    answer = _check(hi_client, clinic_headers, card_code=person.si_number)
    assert answer["code"] == "050"


def test_another_facility_is_forbidden(
    hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session, make_insured: Any
) -> None:
    insured = make_insured()
    response = hi_client.post(
        URL,
        json={"personal_id": insured.personal_id, "facility_code": OTHER_FACILITY},
        headers=clinic_headers,
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    logged = select(func.count()).select_from(Check).where(Check.facility_code == OTHER_FACILITY)
    assert db_session.scalar(logged) == 0


def test_an_unbound_client_is_forbidden(hi_client: TestClient, db_session: Session) -> None:
    headers = api_headers(db_session, "hi:eligibility", client_id="national-portal")
    response = hi_client.post(
        URL, json={"personal_id": "079185000777", "facility_code": FACILITY}, headers=headers
    )
    assert response.status_code == 403


def test_a_client_without_the_scope_is_forbidden(
    hi_client: TestClient, db_session: Session
) -> None:
    headers = api_headers(db_session, "registry:read", client_id=f"{FACILITY}_BV")
    response = hi_client.post(
        URL, json={"personal_id": "079185000777", "facility_code": FACILITY}, headers=headers
    )
    assert response.status_code == 403


def test_an_unknown_client_is_unauthorized(hi_client: TestClient) -> None:
    response = hi_client.post(
        URL,
        json={"personal_id": "079185000777", "facility_code": FACILITY},
        headers={"Authorization": "Bearer ak_not-a-key"},
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "body",
    [
        {"facility_code": FACILITY},
        {"personal_id": "079185000777", "card_code": "9800000001", "facility_code": FACILITY},
        {"personal_id": "07918500077", "facility_code": FACILITY},
        {"personal_id": "999185000777", "facility_code": FACILITY},
        {"card_code": "079185000777", "facility_code": FACILITY},
        {"card_code": "XX4799800000001", "facility_code": FACILITY},
        {"personal_id": "079185000777", "facility_code": "7901"},
        {"personal_id": "079185000777", "facility_code": FACILITY, "visit_date": "soon"},
        {"personal_id": "079185000777", "facility_code": FACILITY, "extra": 1},
    ],
)
def test_a_bad_body_is_a_problem_that_does_not_echo_the_id(
    hi_client: TestClient, clinic_headers: dict[str, str], body: dict[str, Any]
) -> None:
    response = hi_client.post(URL, json=body, headers=clinic_headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "079185000777" not in response.text and "07918500077" not in response.text


def test_the_rate_limit_answers_429(
    hi_client: TestClient,
    clinic_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clinic, "rate_limiter", lambda: RateLimiter(rate=0.001, burst=0))
    response = hi_client.post(
        URL, json={"personal_id": "079185000777", "facility_code": FACILITY}, headers=clinic_headers
    )
    assert response.status_code == 429
    assert response.json()["retry_after"] > 0


def test_the_token_bucket_refills() -> None:
    limiter = RateLimiter(rate=1000, burst=2)
    assert [limiter.take("a"), limiter.take("a")] == [0.0, 0.0]
    assert limiter.take("a") > 0
    assert limiter.take("b") == 0.0
