"""Registry verbs audit themselves: one event per call, directly or through the HTTP route."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.core.pagination import PageParams
from ansinh.core.security.actor import Actor
from ansinh.registry import service
from ansinh.registry.schemas import (
    EmployerCreate,
    EmploymentCreate,
    PersonCreate,
    PersonSearch,
    PersonUpdate,
    SalaryCreate,
)
from tests.conftest import audit_trail

OFFICER = Actor(kind="officer", id="tran.thi.b")
WHY = "verify a sickness claim"
UNIT = "AV0001A"


@pytest.fixture()
def si_number(db_session: Session) -> str:
    """A registered person with one employment; the set-up's own events are cleared away."""
    person = service.create_person(
        db_session=db_session,
        person_in=PersonCreate(
            full_name="Phạm Văn Đức", date_of_birth=date(1988, 2, 3), sex="M", province_code="79"
        ),
        actor=Actor(kind="system", id="setup"),
        purpose="set-up",
    )
    service.create_employer(
        db_session=db_session,
        employer_in=EmployerCreate(
            unit_code=UNIT,
            tax_code="0318888888",
            name="Công ty Ánh Việt",
            province_code="79",
            wage_region="I",
        ),
    )
    return person.si_number


def _employment_id(db_session: Session, si: str) -> int:
    return service.create_employment(
        db_session=db_session,
        employment_in=EmploymentCreate(
            si_number=si,
            unit_code=UNIT,
            start_date=date(2025, 1, 1),
            contract_type="indefinite",
            salary=9_000_000,
        ),
        actor=Actor(kind="system", id="setup"),
        purpose="set-up",
    ).employment_id


VERBS: dict[str, tuple[str, str, Callable[[Session, str], Any]]] = {
    "read_person": (
        "read",
        "registry.person",
        lambda db, si: service.read_person(db_session=db, si_number=si, actor=OFFICER, purpose=WHY),
    ),
    "page_persons": (
        "read",
        "registry.person",
        lambda db, si: service.page_persons(
            db_session=db,
            statement=service.search_persons(PersonSearch(si_number=si)),
            params=PageParams(),
            actor=OFFICER,
            purpose=WHY,
        ),
    ),
    "update_person": (
        "update",
        "registry.person",
        lambda db, si: service.update_person(
            db_session=db,
            si_number=si,
            person_in=PersonUpdate(address="Số 3, Phường Sài Gòn, TP Hồ Chí Minh"),
            actor=OFFICER,
            purpose=WHY,
        ),
    ),
    "read_employments": (
        "read",
        "registry.employment",
        lambda db, si: service.read_employments(
            db_session=db, si_number=si, actor=OFFICER, purpose=WHY
        ),
    ),
    "page_person_audit": (
        "read",
        "audit.events",
        lambda db, si: service.page_person_audit(
            db_session=db, si_number=si, params=PageParams(), actor=OFFICER, purpose=WHY
        ),
    ),
    "create_employment": (
        "create",
        "registry.employment",
        lambda db, si: service.create_employment(
            db_session=db,
            employment_in=EmploymentCreate(
                si_number=si,
                unit_code=UNIT,
                start_date=date(2026, 1, 1),
                contract_type="definite",
                salary=10_000_000,
            ),
            actor=OFFICER,
            purpose=WHY,
        ),
    ),
}


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_each_verb_called_directly_writes_one_event(
    db_session: Session, si_number: str, verb: str
) -> None:
    action, resource, call = VERBS[verb]
    before = len(audit_trail(db_session, si_number))
    call(db_session, si_number)
    assert audit_trail(db_session, si_number)[before:] == [
        ("officer", "tran.thi.b", action, resource, WHY)
    ]


def test_employment_verbs_write_one_event_each(db_session: Session, si_number: str) -> None:
    employment_id = _employment_id(db_session, si_number)
    before = len(audit_trail(db_session, si_number))
    service.read_employment(
        db_session=db_session, employment_id=employment_id, actor=OFFICER, purpose=WHY
    )
    service.add_salary(
        db_session=db_session,
        employment_id=employment_id,
        salary_in=SalaryCreate(effective_from=date(2025, 7, 1), amount=9_500_000),
        actor=OFFICER,
        purpose=WHY,
    )
    assert audit_trail(db_session, si_number)[before:] == [
        ("officer", "tran.thi.b", "read", "registry.employment", WHY),
        ("officer", "tran.thi.b", "update", "registry.employment", WHY),
    ]


def test_registering_writes_one_create_event(db_session: Session) -> None:
    person = service.create_person(
        db_session=db_session,
        person_in=PersonCreate(full_name="Lê Thu Hà", date_of_birth=date(1995, 9, 9), sex="F"),
        actor=OFFICER,
        purpose=WHY,
    )
    assert audit_trail(db_session, person.si_number) == [
        ("officer", "tran.thi.b", "create", "registry.person", WHY)
    ]


def test_a_route_writes_one_event_not_two(
    client: TestClient, officer_headers: dict[str, str], db_session: Session, si_number: str
) -> None:
    before = len(audit_trail(db_session, si_number))
    persons = "/api/v1/registry/persons"
    assert client.get(f"{persons}/{si_number}", headers=officer_headers).status_code == 200
    change = {"address": "Số 9, Phường Bến Thành, TP Hồ Chí Minh"}
    patched = client.patch(f"{persons}/{si_number}", json=change, headers=officer_headers)
    assert patched.status_code == 200, patched.text
    assert [(e[2], e[3], e[4]) for e in audit_trail(db_session, si_number)[before:]] == [
        ("read", "registry.person", "automated test"),
        ("update", "registry.person", "automated test"),
    ]
