"""Contributions verbs audit themselves: one event per call, directly or through the route."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.contributions.book import passbook
from ansinh.contributions.declarations import service as declarations
from ansinh.contributions.enrolment import service as voluntary
from ansinh.core import clock
from ansinh.core.pagination import PageParams
from ansinh.core.security.actor import Actor
from ansinh.registry.models import Person
from tests.conftest import audit_trail
from tests.contributions.conftest import API, declare, register
from tests.contributions.declarations.test_declarations_api import HIRE

CLIENT = Actor(kind="client", id="payroll-1")
WHY = "employee asked for the book"
NOV_2026 = date(2026, 11, 24)


def _new_events(db_session: Session, si: str, before: int) -> list[tuple[str, str, str, str, str]]:
    return audit_trail(db_session, si)[before:]


def test_book_reads_write_one_event_each(db_session: Session, worker: str) -> None:
    before = len(audit_trail(db_session, worker))
    passbook.read_book(
        db_session=db_session, si_number=worker, at=clock.now(), actor=CLIENT, purpose=WHY
    )
    passbook.export_book(
        db_session=db_session, si_number=worker, at=clock.now(), actor=CLIENT, purpose=WHY
    )
    assert (
        _new_events(db_session, worker, before)
        == [("client", "payroll-1", "read", "contributions.book", WHY)] * 2
    )


def test_self_payer_verbs_write_one_event_each(db_session: Session) -> None:
    si = register(db_session, "Đinh Văn Tú", date(1979, 4, 4))
    before = len(audit_trail(db_session, si))
    enrolment = voluntary.enrol(
        db_session=db_session,
        si_number=si,
        scheme="voluntary",
        cycle_months=1,
        on=NOV_2026,
        income=4_000_000,
        support_group="other",
        actor=CLIENT,
        purpose=WHY,
    )
    voluntary.read_enrolment(
        db_session=db_session, enrolment_id=enrolment.enrolment_id, actor=CLIENT, purpose=WHY
    )
    due = voluntary.quote(db_session=db_session, enrolment=enrolment, on=NOV_2026)
    voluntary.pay(
        db_session=db_session,
        enrolment_id=enrolment.enrolment_id,
        amount=due.amount,
        paid_on=NOV_2026,
        reference="POST-77",
        actor=CLIENT,
        purpose=WHY,
    )
    assert [(e[2], e[3]) for e in _new_events(db_session, si, before)] == [
        ("create", "contributions.enrolment"),
        ("read", "contributions.enrolment"),
        ("update", "contributions.enrolment"),
    ]
    assert {e[:2] + e[4:] for e in _new_events(db_session, si, before)} == {
        ("client", "payroll-1", WHY)
    }


def test_a_page_of_declaration_lines_audits_each_person_once(
    client: TestClient, headers: dict[str, str], employer: str, db_session: Session
) -> None:
    declared = declare(client, headers, "2026-11", HIRE).json()
    si = db_session.scalar(
        select(Person.si_number).where(Person.personal_id == HIRE["personal_id"])
    )
    assert si is not None
    before = len(audit_trail(db_session, si))
    rows, total = declarations.page_lines(
        db_session=db_session,
        declaration_id=declared["declaration_id"],
        params=PageParams(),
        actor=CLIENT,
        purpose=WHY,
    )
    assert (len(rows), total) == (1, 1)
    assert _new_events(db_session, si, before) == [
        ("client", "payroll-1", "read", "contributions.declaration", WHY)
    ]


def test_a_route_writes_one_event_not_two(
    client: TestClient, headers: dict[str, str], db_session: Session, worker: str
) -> None:
    before = len(audit_trail(db_session, worker))
    for path in ("book", "book/totals", "book/export"):
        response = client.get(f"{API}/persons/{worker}/{path}", headers=headers)
        assert response.status_code == 200, response.text
    assert (
        _new_events(db_session, worker, before)
        == [("client", "contributions-test", "read", "contributions.book", "automated test")] * 3
    )
