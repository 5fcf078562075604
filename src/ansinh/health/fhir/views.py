"""FHIR R4 eligibility: a CoverageEligibilityRequest in, a CoverageEligibilityResponse out.

Identifier systems (ours; there is no published Vietnamese FHIR naming system to reuse):
`{BASE}/sid/personal-id` (12-digit personal ID), `{BASE}/sid/si-number`, `{BASE}/sid/hi-card`
(10-digit SI number or 15-character code), `{BASE}/sid/facility` (5-digit facility code), and the
code system `{BASE}/CodeSystem/hi-check-result` holding the gateway result codes (000, 010...).
The patient is named by `patient.identifier` (personal ID or SI number) or the card by
`insurance[0].coverage.identifier`; the clinic by `facility.identifier` or `provider.identifier`.
Bad requests get a problem+json 422, like every other ansinh endpoint.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ansinh import __version__
from ansinh.core import clock
from ansinh.core.clock import today
from ansinh.health.eligibility.checks import Checks, check_and_log
from ansinh.health.eligibility.clinic import ClinicCaller
from ansinh.health.eligibility.service import CardQuery, Verdict
from ansinh.identity import parse_card_key, parse_facility_code, parse_personal_id, parse_si_number
from ansinh.rules.reads import law
from ansinh.rules.store import ParameterError

BASE = "https://ansinh.example/fhir"
PERSONAL_ID_SYSTEM = f"{BASE}/sid/personal-id"
SI_NUMBER_SYSTEM = f"{BASE}/sid/si-number"
CARD_SYSTEM = f"{BASE}/sid/hi-card"
FACILITY_SYSTEM = f"{BASE}/sid/facility"
CHECK_SYSTEM = f"{BASE}/sid/eligibility-check"
RESULT_SYSTEM = f"{BASE}/CodeSystem/hi-check-result"
RESULT_EXTENSION = f"{BASE}/StructureDefinition/hi-check-result"
FIVE_YEARS_EXTENSION = f"{BASE}/StructureDefinition/five-consecutive-years-date"
HL7 = "http://terminology.hl7.org/CodeSystem"
FHIR_JSON = "application/fhir+json"
CAPABILITY_DATE = "2026-11-24"

router = APIRouter(prefix="/fhir/r4", tags=["FHIR R4"])
Purpose = Literal["auth-requirements", "benefits", "discovery", "validation"]


class _Element(BaseModel):
    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)


class Identifier(_Element):
    """A FHIR Identifier (system + value)."""

    system: str | None = None
    value: str = Field(min_length=1, max_length=64)


class Reference(_Element):
    """A FHIR Reference; we read its logical identifier."""

    reference: str | None = None
    identifier: Identifier | None = None
    display: str | None = None


class Insurance(_Element):
    """One insurance of the request: the coverage (card) to check."""

    focal: bool | None = None
    coverage: Reference


class EligibilityRequestIn(_Element):
    """The parts of a CoverageEligibilityRequest that ansinh reads."""

    resourceType: Literal["CoverageEligibilityRequest"]
    id: str | None = None
    identifier: list[Identifier] = []
    status: Literal["active"]
    purpose: list[Purpose] = Field(min_length=1)
    patient: Reference
    servicedDate: date | None = None
    created: datetime
    insurer: Reference
    provider: Reference | None = None
    facility: Reference | None = None
    insurance: list[Insurance] = []

    @model_validator(mode="after")
    def _answerable(self) -> EligibilityRequestIn:
        if not {"validation", "benefits"} & set(self.purpose):
            raise ValueError("purpose must include 'validation' or 'benefits'")
        self.query()
        self.facility_code()
        return self

    def query(self) -> CardQuery:
        """The card lookup named by the patient or the coverage identifier."""
        patient = self.patient.identifier
        if patient is not None and patient.system == PERSONAL_ID_SYSTEM:
            return CardQuery("personal_id", parse_personal_id(patient.value).value)
        if patient is not None and patient.system == SI_NUMBER_SYSTEM:
            return CardQuery("si_number", parse_si_number(patient.value).value)
        for insurance in self.insurance:
            card = insurance.coverage.identifier
            if card is not None and card.system == CARD_SYSTEM:
                key = parse_card_key(card.value)
                if key.kind != "personal_id":
                    return CardQuery(key.kind, key.identifier.value)
        raise ValueError(
            f"name the patient by an identifier of system {PERSONAL_ID_SYSTEM} or "
            f"{SI_NUMBER_SYSTEM}, or the card by insurance.coverage.identifier ({CARD_SYSTEM})"
        )

    def facility_code(self) -> str:
        """The checking facility's code."""
        for ref in (self.facility, self.provider):
            if ref and ref.identifier and ref.identifier.system == FACILITY_SYSTEM:
                return parse_facility_code(ref.identifier.value).value
        raise ValueError(f"name the facility by facility.identifier ({FACILITY_SYSTEM})")


def _coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    coding = {"system": system, "code": code}
    return {"coding": [coding | ({"display": display} if display else {})]}


def _copay_percent(level: int, on: date) -> int:
    shares = law("health/fund_share_by_level", on)
    if not isinstance(shares, dict) or str(level) not in shares:
        raise ParameterError(f"health/fund_share_by_level: no share for level {level} on {on}")
    return int((1 - Decimal(str(shares[str(level)]))) * 100)


def _insurance(verdict: Verdict, on: date) -> list[dict[str, Any]]:
    # The coverage that pays for this visit: the card in force that day, else the newest.
    card = verdict.card
    if card is None or not card.in_force(on):
        card = verdict.new_card or card
    if card is None:
        return []
    item = {
        "category": _coding(f"{HL7}/ex-benefitcategory", "30", "Health Benefit Plan Coverage"),
        "network": _coding(
            f"{HL7}/benefit-network", "in" if verdict.registered_facility else "out"
        ),
        "description": f"Benefit level {card.benefit_level}",
        "benefit": [
            {
                "type": _coding(f"{HL7}/benefit-type", "copay-percent"),
                "allowedUnsignedInt": _copay_percent(card.benefit_level, on),
            }
        ],
    }
    insurance: dict[str, Any] = {
        "coverage": {
            "identifier": {"system": CARD_SYSTEM, "value": card.code},
            "display": f"HI card {card.code}, registered at {card.facility_code or '-'}",
        },
        "inforce": verdict.result.usable,
        "benefitPeriod": {"start": card.valid_from.isoformat(), "end": card.valid_to.isoformat()},
        "item": [item],
    }
    if card.five_years_from:
        insurance["extension"] = [
            {"url": FIVE_YEARS_EXTENSION, "valueDate": card.five_years_from.isoformat()}
        ]
    return [insurance]


def response_resource(
    request: EligibilityRequestIn, verdict: Verdict, *, check_id: str, visit_date: date
) -> dict[str, Any]:
    """Build the CoverageEligibilityResponse for a verdict."""
    result = verdict.result
    asked: dict[str, Any]
    if request.identifier:
        asked = {"identifier": request.identifier[0].model_dump(exclude_none=True)}
    elif request.id:
        asked = {"reference": f"CoverageEligibilityRequest/{request.id}"}
    else:
        asked = {"display": "CoverageEligibilityRequest as submitted"}
    resource: dict[str, Any] = {
        "resourceType": "CoverageEligibilityResponse",
        "id": check_id,
        "extension": [
            {
                "url": RESULT_EXTENSION,
                "valueCoding": {
                    "system": RESULT_SYSTEM,
                    "code": result.code,
                    "display": result.message,
                },
            }
        ],
        "identifier": [{"system": CHECK_SYSTEM, "value": check_id}],
        "status": "active",
        "purpose": request.purpose,
        "patient": request.patient.model_dump(exclude_none=True),
        "servicedDate": visit_date.isoformat(),
        "created": clock.now().isoformat(timespec="seconds"),
        "request": asked,
        "outcome": "complete" if verdict.card else "error",
        "disposition": "; ".join([result.message, *verdict.notes]),
        "insurer": {"display": "ansinh social security agency"},
        "insurance": _insurance(verdict, visit_date),
    }
    if not result.usable:
        resource["error"] = [
            {"code": _coding(RESULT_SYSTEM, result.code, result.message) | {"text": result.message}}
        ]
    return {k: v for k, v in resource.items() if v != []}


@router.post("/CoverageEligibilityRequest", response_class=JSONResponse)
async def coverage_eligibility(
    body: EligibilityRequestIn, clinic: ClinicCaller, checks: Checks
) -> JSONResponse:
    """Check a card the FHIR way; logged like every other check."""
    facility = body.facility_code()
    clinic.require_facility(facility)
    visit_date = body.servicedDate or today()
    verdict, check_id = await check_and_log(
        find=checks.find,
        sink=checks.sink,
        query=body.query(),
        facility_code=facility,
        visit_date=visit_date,
        client_id=clinic.actor.id,
        channel="fhir",
    )
    resource = response_resource(body, verdict, check_id=str(check_id), visit_date=visit_date)
    return JSONResponse(resource, media_type=FHIR_JSON)


@router.get("/metadata", response_class=JSONResponse)
def metadata() -> JSONResponse:
    """The server's CapabilityStatement."""
    statement = {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": CAPABILITY_DATE,
        "publisher": "ansinh",
        "kind": "instance",
        "software": {"name": "ansinh", "version": __version__},
        "implementation": {"description": "ansinh health insurance eligibility (FHIR R4)"},
        "fhirVersion": "4.0.1",
        "format": [FHIR_JSON, "json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "description": "Bearer API key of a clinic client holding hi:eligibility",
                },
                "resource": [
                    {"type": "CoverageEligibilityRequest", "interaction": [{"code": "create"}]},
                    {"type": "CoverageEligibilityResponse"},
                ],
            }
        ],
    }
    return JSONResponse(statement, media_type=FHIR_JSON)
