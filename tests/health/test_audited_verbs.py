"""Health verbs audit themselves: one event per call, directly or through the HTTP route."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.core.security.actor import Actor
from ansinh.health import service
from ansinh.health.cards.service import change_primary_care
from ansinh.health.eligibility.clinic import Clinic
from ansinh.health.schemas import CardChange, CheckInCreate
from tests.conftest import api_headers, audit_trail
from tests.health.conftest import FACILITY, OTHER_FACILITY

OFFICER = Actor(kind="officer", id="vo.van.c")
WHY = "HI card complaint"


def test_card_verbs_write_one_event_each(db_session: Session, make_insured: Any) -> None:
    si = make_insured().person.si_number
    service.read_card(db_session=db_session, si_number=si, actor=OFFICER, purpose=WHY)
    service.change_card(
        db_session=db_session,
        si_number=si,
        change=CardChange(status="suspended"),
        actor=OFFICER,
        purpose=WHY,
    )
    change_primary_care(
        db_session=db_session,
        actor=OFFICER,
        si_number=si,
        facility_code=OTHER_FACILITY,
        purpose=WHY,
    )
    assert audit_trail(db_session, si) == [
        ("officer", "vo.van.c", "read", "health.card", WHY),
        ("officer", "vo.van.c", "update", "health.card", WHY),
        ("officer", "vo.van.c", "update", "health.card", WHY),
    ]


def test_a_check_in_writes_one_create_event(
    hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session, make_insured: Any
) -> None:
    insured = make_insured()
    checked = hi_client.post(
        "/api/v1/hi/eligibility",
        json={"personal_id": insured.personal_id, "facility_code": FACILITY},
        headers=clinic_headers,
    )
    before = len(audit_trail(db_session, insured.person.si_number))
    clinic = Actor(kind="client", id=f"{FACILITY}_BV")
    service.record_check_in(
        db_session=db_session,
        clinic=Clinic(actor=clinic, facility_code=FACILITY),
        check_in=CheckInCreate(
            check_id=uuid.UUID(checked.json()["check_id"]), visit_type="outpatient"
        ),
        actor=clinic,
        purpose=WHY,
    )
    assert audit_trail(db_session, insured.person.si_number)[before:] == [
        ("client", f"{FACILITY}_BV", "create", "health.check_in", WHY)
    ]


def test_a_route_writes_one_event_not_two(
    hi_client: TestClient, db_session: Session, make_insured: Any
) -> None:
    si = make_insured().person.si_number
    headers = api_headers(db_session, "hi:cards:read", "hi:cards:write", client_id="officer-2")
    url = f"/api/v1/hi/persons/{si}/card"
    assert hi_client.get(url, headers=headers).status_code == 200
    assert hi_client.get(f"{url}/qr", headers=headers).status_code == 200
    changed = hi_client.patch(url, json={"facility_code": OTHER_FACILITY}, headers=headers)
    assert changed.status_code == 200, changed.text
    assert [e[2:4] for e in audit_trail(db_session, si)] == [
        ("read", "health.card"),
        ("read", "health.card"),
        ("update", "health.card"),
    ]
