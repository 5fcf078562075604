"""After next year's cards are issued in December, today's card is still the one judged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.core.clock import frozen_at
from ansinh.health.fhir.views import FACILITY_SYSTEM, PERSONAL_ID_SYSTEM, RESULT_EXTENSION
from tests.health.conftest import FACILITY, Insured, make_card
from tests.health.gateway import test_gateway
from tests.health.gateway.test_gateway import LOOKUP, _body

NEW_YEAR_EVE, NEW_YEAR = date(2026, 12, 31), date(2027, 1, 1)
account = test_gateway.account


@pytest.fixture()
def renewed(db_session: Session, make_insured: Any) -> tuple[Insured, Any]:
    """A 2026 card replaced by the 2027 card issued in December, the issuance job's way."""
    insured = make_insured()
    old = insured.card
    old.replaced_by = old.card_id
    db_session.flush()
    new = make_card(db_session, insured.person, valid_from=NEW_YEAR, valid_to=date(2027, 12, 31))
    old.replaced_by = new.card_id
    db_session.flush()
    return insured, new


def _native(client: TestClient, headers: dict[str, str], personal_id: str) -> Any:
    body = {"facility_code": FACILITY, "personal_id": personal_id}
    response = client.post("/api/v1/hi/eligibility", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_native_api_judges_the_card_in_force_on_the_visit_day(
    hi_client: TestClient, clinic_headers: dict[str, str], renewed: tuple[Insured, Any]
) -> None:
    insured, new = renewed
    with frozen_at(NEW_YEAR_EVE):
        eve = _native(hi_client, clinic_headers, insured.personal_id)
    assert (eve["code"], eve["usable"]) == ("004", True)
    assert eve["card"]["card_id"] == insured.card.card_id
    assert eve["card"]["valid_to"] == "2026-12-31"
    assert eve["new_card"]["card_id"] == new.card_id
    with frozen_at(NEW_YEAR):
        day_one = _native(hi_client, clinic_headers, insured.personal_id)
    assert (day_one["code"], day_one["card"]["card_id"]) == ("000", new.card_id)
    assert day_one["new_card"] is None


def test_a_card_code_on_new_year_eve_is_usable(
    hi_client: TestClient, clinic_headers: dict[str, str], renewed: tuple[Insured, Any]
) -> None:
    insured, _ = renewed
    body = {"facility_code": FACILITY, "card_code": insured.card.code}
    with frozen_at(NEW_YEAR_EVE):
        answer = hi_client.post("/api/v1/hi/eligibility", json=body, headers=clinic_headers)
    assert answer.json()["code"] == "004"
    assert answer.json()["card"]["valid_from"] == "2026-01-01"


def test_fhir_says_the_coverage_is_in_force(
    hi_client: TestClient, clinic_headers: dict[str, str], renewed: tuple[Insured, Any]
) -> None:
    insured, _ = renewed
    resource = {
        "resourceType": "CoverageEligibilityRequest",
        "status": "active",
        "purpose": ["validation"],
        "patient": {"identifier": {"system": PERSONAL_ID_SYSTEM, "value": insured.personal_id}},
        "created": "2026-12-31T08:30:00+07:00",
        "insurer": {"display": "Vietnam Social Security"},
        "facility": {"identifier": {"system": FACILITY_SYSTEM, "value": FACILITY}},
    }
    for day, code, end in ((NEW_YEAR_EVE, "004", "2026-12-31"), (NEW_YEAR, "000", "2027-12-31")):
        with frozen_at(day):
            response = hi_client.post(
                "/fhir/r4/CoverageEligibilityRequest", json=resource, headers=clinic_headers
            )
        body = response.json()
        result = next(e for e in body["extension"] if e["url"] == RESULT_EXTENSION)
        assert result["valueCoding"]["code"] == code
        assert body["insurance"][0]["inforce"] is True
        assert body["insurance"][0]["benefitPeriod"]["end"] == end


def test_the_gateway_answers_004_with_both_cards_on_new_year_eve(
    hi_client: TestClient, account: dict[str, str], renewed: tuple[Insured, Any]
) -> None:
    insured, new = renewed
    answers = {}
    for day in (NEW_YEAR_EVE, NEW_YEAR):
        with frozen_at(day):
            key = hi_client.post("/api/token/take", data=account).json()["APIKey"]
            params = account | {"token": key["access_token"], "id_token": key["id_token"]}
            answers[day] = hi_client.post(
                LOOKUP, params=params, data=_body(insured.person.si_number)
            ).json()
    eve, day_one = answers[NEW_YEAR_EVE], answers[NEW_YEAR]
    assert (eve["maKetQua"], eve["gtTheDen"], eve["maTheMoi"]) == ("004", "31/12/2026", new.code)
    assert eve["gtTheTuMoi"] == "01/01/2027"
    assert (day_one["maKetQua"], day_one["gtTheTu"]) == ("000", "01/01/2027")
