"""The population register's change feed reaches the registry, incrementally, through a cursor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session

from ansinh.core.events.models import OutboxEvent
from ansinh.linkage.feed import FEED, follow_change_feed
from ansinh.linkage.models import FeedCursor
from ansinh.linkage.register_client import RegisterClient
from ansinh.registry.models import Person
from ansinh.synth.messy import Truth

SI_NUMBER = "7999999901"


@pytest.fixture()
def insured(engine: Engine, truth: Truth) -> Iterator[dict[str, str]]:
    """A committed person holding a register record's personal ID (removed afterwards)."""
    citizen = truth.population.slice(5, 1).to_pylist()[0]
    with Session(engine) as db_session, db_session.begin():
        db_session.add(
            Person(
                si_number=SI_NUMBER,
                personal_id=citizen["personal_id"],
                full_name=citizen["full_name"],
                date_of_birth=date.fromisoformat(citizen["date_of_birth"]),
                sex=citizen["sex"],
            )
        )
    yield citizen
    with Session(engine) as db_session, db_session.begin():
        db_session.execute(text("DELETE FROM event_deliveries"))
        db_session.execute(delete(OutboxEvent))
        db_session.execute(text("DELETE FROM procrastinate_jobs"))
        db_session.execute(delete(FeedCursor))
        db_session.execute(delete(Person).where(Person.si_number == SI_NUMBER))


def test_a_name_corrected_in_the_register_is_corrected_here(
    engine: Engine, register_http: TestClient, insured: dict[str, str]
) -> None:
    register = RegisterClient(register_http)
    follow_change_feed(register=register)  # catch up with whatever the feed held before
    rename = {"kind": "name", "record_id": insured["record_id"], "full_name": "Trần Thị Mới"}
    assert register_http.post("/v1/events", json=rename).status_code == 201
    progress = follow_change_feed(register=register)
    assert progress.applied == 1
    with Session(engine) as db_session:
        person = db_session.get_one(Person, SI_NUMBER)
        assert person.full_name == "Trần Thị Mới"
        cursor = db_session.get_one(FeedCursor, FEED)
        assert cursor.after == progress.after
        changed = db_session.scalars(
            select(OutboxEvent).where(OutboxEvent.name == "PersonIdentityChanged")
        ).one()
        assert changed.payload == {
            "si_number": SI_NUMBER,
            "fields": ["full_name"],
            "source": "population_register",
        }
    assert follow_change_feed(register=register).applied == 0  # the cursor remembers


def test_a_move_updates_address_and_province_and_strangers_are_ignored(
    engine: Engine, register_http: TestClient, insured: dict[str, str]
) -> None:
    register = RegisterClient(register_http)
    follow_change_feed(register=register)
    move = {
        "kind": "residence",
        "record_id": insured["record_id"],
        "province": "Thành phố Hà Nội",
        "address": "Số 1, Tràng Tiền",
    }
    stranger = {"kind": "name", "record_id": "R000000007", "full_name": "Ai Đó"}
    assert register_http.post("/v1/events", json=move).status_code == 201
    register_http.post("/v1/events", json=stranger)
    progress = follow_change_feed(register=register, page_size=1)  # page by page
    assert progress.applied == 1
    with Session(engine) as db_session:
        person = db_session.get_one(Person, SI_NUMBER)
        assert (person.address, person.province_code) == ("Số 1, Tràng Tiền", "01")
