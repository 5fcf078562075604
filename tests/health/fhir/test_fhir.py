"""FHIR R4: what we return validates against the HL7 models (fhir.resources, R4B module)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse
from sqlalchemy.orm import Session

from ansinh.health.fhir.views import (
    CARD_SYSTEM,
    FACILITY_SYSTEM,
    PERSONAL_ID_SYSTEM,
    RESULT_EXTENSION,
    SI_NUMBER_SYSTEM,
)
from ansinh.health.models import Check
from tests.health.conftest import FACILITY, OTHER_FACILITY, VISIT

URL = "/fhir/r4/CoverageEligibilityRequest"


def _request(patient: dict[str, Any], **extra: Any) -> dict[str, Any]:
    resource = {
        "resourceType": "CoverageEligibilityRequest",
        "id": "req-1",
        "status": "active",
        "purpose": ["validation", "benefits"],
        "patient": patient,
        "servicedDate": VISIT.isoformat(),
        "created": "2026-11-24T08:30:00+07:00",
        "insurer": {"display": "Vietnam Social Security"},
        "facility": {"identifier": {"system": FACILITY_SYSTEM, "value": FACILITY}},
    } | extra
    CoverageEligibilityRequest.model_validate(resource)  # our examples are valid FHIR too
    return resource


def _by_personal_id(personal_id: str) -> dict[str, Any]:
    return {"identifier": {"system": PERSONAL_ID_SYSTEM, "value": personal_id}}


def _post(client: TestClient, headers: dict[str, str], resource: dict[str, Any]) -> Any:
    response = client.post(URL, json=resource, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/fhir+json"
    body = response.json()
    CoverageEligibilityResponse.model_validate(body)
    return body


def _result_code(body: dict[str, Any]) -> str:
    extension = next(e for e in body["extension"] if e["url"] == RESULT_EXTENSION)
    return str(extension["valueCoding"]["code"])


def test_a_valid_card_gives_coverage_in_force(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured()
    body = _post(hi_client, clinic_headers, _request(_by_personal_id(insured.personal_id)))
    assert (body["outcome"], _result_code(body), "error" in body) == ("complete", "000", False)
    (insurance,) = body["insurance"]
    assert insurance["inforce"] is True
    assert insurance["coverage"]["identifier"] == {
        "system": CARD_SYSTEM,
        "value": f"DN479{insured.person.si_number}",
    }
    assert insurance["benefitPeriod"] == {"start": "2026-01-01", "end": "2026-12-31"}
    item = insurance["item"][0]
    assert item["network"]["coding"][0]["code"] == "in"
    assert item["benefit"][0]["allowedUnsignedInt"] == 20  # level 4: the fund pays 80%
    assert insurance["extension"][0]["valueDate"] == "2021-01-01"
    assert body["request"] == {"reference": "CoverageEligibilityRequest/req-1"}


def test_the_card_can_be_named_by_si_number_or_coverage(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured(facility_code=OTHER_FACILITY)
    si = insured.person.si_number
    by_si = _request({"identifier": {"system": SI_NUMBER_SYSTEM, "value": si}})
    assert _result_code(_post(hi_client, clinic_headers, by_si)) == "000"
    by_card = _request(
        {"display": "walk-in patient"},
        insurance=[{"coverage": {"identifier": {"system": CARD_SYSTEM, "value": f"DN479{si}"}}}],
    )
    body = _post(hi_client, clinic_headers, by_card)
    assert body["insurance"][0]["item"][0]["network"]["coding"][0]["code"] == "out"
    assert "registered" in body["disposition"]


def test_an_expired_card_is_not_in_force_and_carries_the_error(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured(valid_to=date(2026, 6, 30))
    body = _post(hi_client, clinic_headers, _request(_by_personal_id(insured.personal_id)))
    assert body["outcome"] == "complete" and body["insurance"][0]["inforce"] is False
    assert body["error"][0]["code"]["coding"][0]["code"] == "010"


def test_not_found_is_an_error_outcome_and_is_logged(
    hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session
) -> None:
    body = _post(hi_client, clinic_headers, _request(_by_personal_id("079185000777")))
    assert (body["outcome"], _result_code(body), "insurance" in body) == ("error", "050", False)
    check = db_session.get(Check, body["id"])
    assert check is not None and (check.channel, check.result_code) == ("fhir", "050")


@pytest.mark.parametrize(
    "broken",
    [
        {"resourceType": "Patient"},
        {"purpose": ["discovery"]},
        {"patient": {"identifier": {"system": "urn:other", "value": "079185000777"}}},
        {"patient": _by_personal_id("12345")},
        {"facility": {"display": "somewhere"}},
        {"created": "yesterday"},
    ],
)
def test_an_unanswerable_request_is_a_422_problem(
    hi_client: TestClient, clinic_headers: dict[str, str], broken: dict[str, Any]
) -> None:
    resource = _request(_by_personal_id("079185000777")) | broken
    response = hi_client.post(URL, json=resource, headers=clinic_headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "079185000777" not in response.text


def test_another_facility_is_403(hi_client: TestClient, clinic_headers: dict[str, str]) -> None:
    resource = _request(
        _by_personal_id("079185000777"),
        facility={"identifier": {"system": FACILITY_SYSTEM, "value": OTHER_FACILITY}},
    )
    assert hi_client.post(URL, json=resource, headers=clinic_headers).status_code == 403


def test_metadata_is_a_capability_statement(client: TestClient) -> None:
    response = client.get("/fhir/r4/metadata")
    assert response.status_code == 200
    statement = CapabilityStatement.model_validate(response.json())
    assert statement.fhirVersion == "4.0.1"
    assert [r.type for r in statement.rest[0].resource] == [
        "CoverageEligibilityRequest",
        "CoverageEligibilityResponse",
    ]
