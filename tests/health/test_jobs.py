"""Issuing cards from registry participation, set-based: new cards, renewals, endings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select, update
from sqlalchemy.orm import Session

from ansinh.health.jobs import demo_facilities, issue_cards, prepare_demo
from ansinh.health.models import Card, Facility
from ansinh.registry.jobs import load_dataset
from ansinh.registry.models import Employment, Person
from ansinh.rules.store import parameter
from ansinh.synth import generate, write
from tests.health.conftest import make_person

ON = date(2026, 11, 1)


@pytest.fixture()
def seeded(db_session: Session, tmp_path: Path) -> Connection:
    """1,500 synthetic people of Ho Chi Minh City with demo facilities and cards as of ON."""
    write(generate(people=1_500, seed=11, province="79"), tmp_path)
    connection = db_session.connection()
    load_dataset(connection=connection, directory=tmp_path)
    prepare_demo(connection=connection, provinces=["79"], on=ON)
    return connection


def _current(db_session: Session) -> dict[str, Card]:
    cards = db_session.scalars(select(Card).where(Card.replaced_by.is_(None))).all()
    return {c.si_number: c for c in cards}


def test_demo_facilities_cover_each_asked_province() -> None:
    rows = demo_facilities(["79", "01"], ON)
    assert {r["province_code"] for r in rows} == {"79", "01"}
    assert all(r["code"][:2] == r["province_code"] and len(r["code"]) == 5 for r in rows)
    assert sum(r["primary_care"] for r in rows) == 2 * 13


def test_everyone_covered_gets_one_current_card(db_session: Session, seeded: Connection) -> None:
    cards = _current(db_session)
    employed = set(
        db_session.scalars(
            select(Employment.si_number).where(
                Employment.start_date <= ON,
                (Employment.end_date.is_(None)) | (Employment.end_date >= ON),
            )
        )
    )
    levels = parameter("health/benefit_level_by_code").value_at(ON)
    assert isinstance(levels, dict)
    assert {si for si, c in cards.items() if c.object_code == "DN"} == employed
    assert all(c.benefit_level == levels[c.object_code] for c in cards.values())
    persons = db_session.scalars(select(Person)).all()
    children = {p.si_number for p in persons if p.date_of_birth > date(2020, 11, 1)}
    assert {si for si, c in cards.items() if c.object_code == "TE"} == children - employed
    others = len(persons) - len(employed) - len(children - employed)
    household = sum(c.object_code == "GD" for c in cards.values())
    assert 0.5 < household / others < 0.7
    primary = set(db_session.scalars(select(Facility.code).where(Facility.primary_care)))
    assert {c.facility_code for c in cards.values()} <= primary
    assert all(c.valid_from <= ON <= c.valid_to for c in cards.values())


def test_child_cards_run_to_72_months_or_the_end_of_september(db_session: Session) -> None:
    spring = make_person(db_session, date_of_birth=date(2021, 3, 10))
    winter = make_person(db_session, date_of_birth=date(2020, 12, 15))
    issue_cards(connection=db_session.connection(), on=ON)
    cards = _current(db_session)
    assert (cards[spring.si_number].object_code, cards[spring.si_number].valid_to) == (
        "TE",
        date(2027, 9, 30),
    )
    assert cards[winter.si_number].valid_to == date(2026, 12, 15)
    assert cards[winter.si_number].five_years_from == date(2025, 12, 15)


def test_a_second_run_changes_nothing(db_session: Session, seeded: Connection) -> None:
    summary = issue_cards(connection=seeded, on=ON)
    assert (summary.issued, summary.renewed, summary.ended) == (0, 0, 0)


def test_next_year_renews_and_keeps_the_five_year_date(
    db_session: Session, seeded: Connection
) -> None:
    before = _current(db_session)
    summary = issue_cards(connection=seeded, on=date(2027, 1, 10))
    after = _current(db_session)
    assert summary.renewed > 0
    renewed = [si for si in before if after.get(si) and after[si].card_id != before[si].card_id]
    assert len(renewed) == summary.renewed
    for si in renewed:
        old, new = before[si], after[si]
        db_session.refresh(old)
        assert old.replaced_by == new.card_id
        assert new.facility_code == old.facility_code
        if new.object_code == old.object_code:
            assert new.five_years_from == old.five_years_from


def test_losing_a_job_ends_the_employee_card(db_session: Session, seeded: Connection) -> None:
    employee = next(c for c in _current(db_session).values() if c.object_code == "DN")
    db_session.execute(
        update(Employment)
        .where(Employment.si_number == employee.si_number, Employment.end_date.is_(None))
        .values(end_date=date(2026, 11, 15))
    )
    summary = issue_cards(connection=seeded, on=date(2026, 11, 20))
    assert summary.ended >= 1
    db_session.refresh(employee)
    assert (employee.status, employee.status_reason) == ("ended", "stopped")
    heads = db_session.scalar(
        select(func.count()).where(Card.si_number == employee.si_number, Card.replaced_by.is_(None))
    )
    assert heads == 1
