"""Health fixtures: a facility, people with cards, and clinic clients; checks logged in-session."""

from __future__ import annotations

import itertools
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.health.eligibility.checklog import SessionCheckLog
from ansinh.health.eligibility.checks import Checking, checking, session_lookup
from ansinh.health.eligibility.clinic import rate_limiter
from ansinh.health.models import Card, Facility
from ansinh.identity import build_personal_id
from ansinh.registry.models import Person
from tests.conftest import api_headers

FACILITY = "79011"
OTHER_FACILITY = "79012"
VISIT = date(2026, 11, 24)
_serials = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Each test starts with full token buckets."""
    rate_limiter.cache_clear()


@pytest.fixture()
def hi_client(client: TestClient, db_session: Session) -> TestClient:
    """The app client; the hot path reads and logs in the test's own (rolled-back) session."""
    overrides = client.app.dependency_overrides  # type: ignore[attr-defined]
    overrides[checking] = lambda: Checking(
        find=session_lookup(db_session),
        sink=SessionCheckLog(db_session),
        sessions=lambda: nullcontext(db_session),
    )
    return client


@pytest.fixture()
def facilities(db_session: Session) -> list[Facility]:
    """Two facilities in Ho Chi Minh City taking primary-care registrations."""
    rows = [
        Facility(code=FACILITY, name="Trạm Y tế số 1", level="primary", province_code="79"),
        Facility(code=OTHER_FACILITY, name="Trạm Y tế số 2", level="primary", province_code="79"),
    ]
    db_session.add_all(rows)
    db_session.flush()
    return rows


@pytest.fixture()
def clinic_headers(db_session: Session, facilities: list[Facility]) -> dict[str, str]:
    """A clinic client acting for FACILITY."""
    return api_headers(db_session, "hi:eligibility", client_id=f"{FACILITY}_BV")


@dataclass
class Insured:
    """A person and their current card, as created by `make_insured`."""

    person: Person
    card: Card

    @property
    def personal_id(self) -> str:
        """The person's personal ID."""
        assert self.person.personal_id is not None
        return self.person.personal_id


def make_person(db_session: Session, **fields: Any) -> Person:
    """Register a person with a valid, unique personal ID and SI number (SI starting 98)."""
    serial = next(_serials)
    born = fields.pop("date_of_birth", date(1985, 3, 14))
    sex = fields.pop("sex", "F")
    person = Person(
        si_number=f"98{serial:08d}",
        personal_id=build_personal_id(
            birth_registration_code="079", sex=sex, birth_year=born.year, serial=serial
        ),
        full_name=fields.pop("full_name", "Nguyễn Thị Lan"),
        date_of_birth=born,
        sex=sex,
        province_code="79",
        address="Số 1, Lê Lợi, Phường Bến Thành, Hồ Chí Minh",
        **fields,
    )
    db_session.add(person)
    db_session.flush()
    return person


def make_card(db_session: Session, person: Person, **fields: Any) -> Card:
    """Issue a card to `person` (defaults: DN level 4, 2026, registered at FACILITY)."""
    card = Card(
        si_number=person.si_number,
        object_code=fields.pop("object_code", "DN"),
        benefit_level=fields.pop("benefit_level", 4),
        province_code=fields.pop("province_code", "79"),
        valid_from=fields.pop("valid_from", date(2026, 1, 1)),
        valid_to=fields.pop("valid_to", date(2026, 12, 31)),
        facility_code=fields.pop("facility_code", FACILITY),
        five_years_from=fields.pop("five_years_from", date(2021, 1, 1)),
        status=fields.pop("status", "active"),
        **fields,
    )
    db_session.add(card)
    db_session.flush()
    return card


@pytest.fixture()
def make_insured(db_session: Session, facilities: list[Facility]) -> Any:
    """Factory: a person with one current card; keyword arguments go to the card."""

    def _make(person_fields: dict[str, Any] | None = None, **card_fields: Any) -> Insured:
        person = make_person(db_session, **(person_fields or {}))
        return Insured(person, make_card(db_session, person, **card_fields))

    return _make
