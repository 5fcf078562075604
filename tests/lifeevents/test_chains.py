"""Births and deaths from the civil registry, end to end through the platform's inbox."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.clock import today
from ansinh.core.events import service as events
from ansinh.health.evidence.schemas import MedicalDeathNotified
from ansinh.health.models import Card
from ansinh.lifeevents import service
from ansinh.lifeevents.models import Birth, DeathReport
from ansinh.registry.models import Person
from tests.conftest import audit_trail
from tests.deliver import deliver_recorded
from tests.health.conftest import FACILITY, make_person
from tests.lifeevents.conftest import Chain


def _birth(mother: Person, **fields: Any) -> dict[str, Any]:
    return {
        "full_name": "Trần Minh An",
        "date_of_birth": (today() - timedelta(days=2)).isoformat(),
        "sex": "M",
        "province_code": "79",
        "mother_personal_id": mother.personal_id,
        "registered_on": today().isoformat(),
        **fields,
    }


def _death(person_id: str, **fields: Any) -> dict[str, Any]:
    day = today() - timedelta(days=1)
    return {"personal_id": person_id, "date_of_death": day.isoformat(), **fields}


def _child(db_session: Session, personal_id: str) -> Person:
    return db_session.scalars(select(Person).where(Person.personal_id == personal_id)).one()


def test_a_birth_gives_a_card_valid_at_a_clinic_the_same_day(
    chain: Chain, hi_client: TestClient, clinic_headers: dict[str, str], db_session: Session
) -> None:
    mother = make_person(db_session)
    chain.enrol(mother)
    child_id = chain.post("/v1/births", _birth(mother))["personal_id"]
    assert chain.deliver() == (1, 0)
    chain.work()
    body = {"facility_code": FACILITY, "personal_id": child_id}
    answer = hi_client.post("/api/v1/hi/eligibility", json=body, headers=clinic_headers)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["code"], answer.json()["usable"]) == ("000", True)
    child = _child(db_session, child_id)
    card = db_session.scalars(select(Card).where(Card.si_number == child.si_number)).one()
    assert (card.object_code, card.benefit_level) == ("TE", 1)
    assert card.valid_to >= child.date_of_birth.replace(year=child.date_of_birth.year + 6)
    birth = db_session.get_one(Birth, child.si_number)
    assert birth.mother_si_number == mother.si_number
    (registered,) = chain.events("BirthRegistered")
    assert registered["mother_si_number"] == mother.si_number
    (entry,) = chain.entries()
    assert (entry.state, entry.signature_ok, entry.si_number) == ("done", True, child.si_number)
    (births, deaths) = service.chain_counts(db_session=db_session)
    assert (births.handled, births.within_deadline, deaths.handled) == (1, 1, 0)


def test_a_birth_the_registry_notified_late_counts_within_the_deadline_from_its_receipt(
    chain: Chain, db_session: Session
) -> None:
    mother = make_person(db_session)
    chain.enrol(mother)
    late = (today() - timedelta(days=30)).isoformat()
    chain.post("/v1/births", _birth(mother, date_of_birth=late, registered_on=late))
    chain.deliver()
    chain.work()
    (births, _) = service.chain_counts(db_session=db_session)
    assert (births.handled, births.within_deadline) == (1, 1)


def test_a_pensioners_death_publishes_person_died_ends_the_card_and_confirms_reports(
    chain: Chain, make_insured: Any, db_session: Session
) -> None:
    pensioner = make_insured(
        {"date_of_birth": today().replace(year=today().year - 70)},
        object_code="HT",
        benefit_level=1,
        valid_to=today() + timedelta(days=200),
    )
    chain.enrol(pensioner.person)
    died_on = today() - timedelta(days=1)
    events.record(
        db_session=db_session,
        event=MedicalDeathNotified(
            serial="GBT-1",
            facility_code=FACILITY,
            personal_id=pensioner.personal_id,
            si_number=None,
            date_of_death=died_on,
        ),
    )
    deliver_recorded(db_session)
    application = {
        "requester_personal_id": pensioner.personal_id,
        "relationship": "con",
        "organiser_personal_id": pensioner.personal_id,
        "receipt_channel": "cash",
    }
    chain.post("/v1/deaths", _death(pensioner.personal_id, application=application))
    chain.deliver()
    chain.work()
    assert chain.events("PersonDied") == [
        {"si_number": pensioner.person.si_number, "date_of_death": died_on.isoformat()}
    ]
    db_session.refresh(pensioner.card)
    assert (pensioner.card.status, pensioner.card.status_reason) == ("ended", "death")
    assert pensioner.card.valid_to == died_on
    report = db_session.scalars(select(DeathReport)).one()
    assert report.confirmed_at is not None
    assert chain.sandboxes.alive(pensioner.personal_id) is False
    trail = audit_trail(db_session, pensioner.person.si_number)
    assert ("system", "ansinh", "update", "lifeevents.death") in [t[:4] for t in trail]


def test_a_hospital_only_death_report_is_held_and_stops_nothing(
    chain: Chain, make_insured: Any, db_session: Session
) -> None:
    insured = make_insured(valid_to=today() + timedelta(days=30))
    events.record(
        db_session=db_session,
        event=MedicalDeathNotified(
            serial="GBT-2",
            facility_code=FACILITY,
            personal_id=insured.personal_id,
            si_number=None,
            date_of_death=today(),
        ),
    )
    deliver_recorded(db_session)
    report = db_session.scalars(select(DeathReport)).one()
    assert (report.si_number, report.confirmed_at) == (insured.person.si_number, None)
    assert chain.events("PersonDied") == []
    db_session.refresh(insured.card)
    assert insured.card.status == "active"


def test_a_duplicate_is_acknowledged_and_ignored(chain: Chain, db_session: Session) -> None:
    mother = make_person(db_session)
    chain.enrol(mother)
    made = chain.post("/v1/births", _birth(mother))
    chain.deliver()
    chain.work()
    again = chain.sandboxes.http.post(
        f"/v1/registrations/{made['event_id']}/renotify", headers=chain.sandboxes.headers
    )
    assert again.json() == {"queued": 1}
    assert chain.deliver() == (1, 0)
    chain.work()
    assert [e.state for e in chain.entries()] == ["done", "duplicate"]
    assert len(chain.events("BirthRegistered")) == 1


def test_a_death_before_the_birth_of_the_same_record_set_waits_for_it(
    chain: Chain, db_session: Session
) -> None:
    mother = make_person(db_session)
    chain.enrol(mother)
    birth = chain.post("/v1/births", _birth(mother))
    chain.post("/v1/deaths", _death(birth["personal_id"]))
    with chain.sandboxes.civil.connect() as connection:
        connection.execute(
            "UPDATE deliveries SET next_at = now() + interval '1 hour' WHERE event_id = %s",
            (birth["event_id"],),
        )
    assert chain.deliver() == (1, 0)  # the death only
    chain.work()
    assert [(e.kind, e.state) for e in chain.entries()] == [("death", "waiting")]
    assert chain.deliver(later=timedelta(hours=2)) == (1, 0)
    chain.work()
    states = {e.kind: e.state for e in chain.entries()}
    assert states == {"death": "done", "birth": "done"}
    child = _child(db_session, birth["personal_id"])
    assert [e["si_number"] for e in chain.events("PersonDied")] == [child.si_number]


def test_an_unknown_person_waits_until_registered(chain: Chain, db_session: Session) -> None:
    stranger = make_person(db_session)
    chain.enrol(stranger)
    personal_id = stranger.personal_id
    assert personal_id is not None
    stranger.personal_id = None  # the platform does not know this personal ID yet
    db_session.flush()
    chain.post("/v1/deaths", _death(personal_id))
    chain.deliver()
    chain.work()
    assert [e.state for e in chain.entries()] == ["waiting"]
    stranger.personal_id = personal_id
    db_session.flush()
    chain.work()
    assert [e.state for e in chain.entries()] == ["done"]
    assert [e["si_number"] for e in chain.events("PersonDied")] == [stranger.si_number]


def test_a_bad_signature_and_an_unknown_subscription_are_refused_and_kept(
    chain: Chain, client: TestClient, db_session: Session
) -> None:
    mother = make_person(db_session)
    chain.enrol(mother)
    sandbox = chain.sandboxes
    other = {"callback_url": "http://testserver/api/v1/lifeevents/notify"}
    sandbox.http.post("/v1/subscriptions", json=other, headers=sandbox.headers)
    chain.post("/v1/births", _birth(mother))
    assert chain.deliver() == (1, 1)  # the platform refuses the subscription it never made
    header, payload, signature = chain.entries()[0].raw.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    answer = client.post(
        "/api/v1/lifeevents/notify", content=forged, headers={"Content-Type": "application/jose"}
    )
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    garbage = client.post("/api/v1/lifeevents/notify", content=b"not a token")
    assert garbage.status_code == 400
    refusals = [(e.state, e.signature_ok, e.refusal) for e in chain.entries()[1:]]
    assert [r[:2] for r in refusals] == [("refused", False)] * 3
    assert {r[2].split(":")[0] for r in refusals if r[2]} >= {"unknown subscription"}


def test_a_registration_the_registry_refuses_is_kept_as_failed_with_its_reason(
    chain: Chain, db_session: Session
) -> None:
    mother = make_person(db_session)
    chain.enrol(mother)
    future = (today() + timedelta(days=3)).isoformat()
    chain.post("/v1/births", _birth(mother, date_of_birth=future))
    chain.deliver()
    chain.work()
    (entry,) = chain.entries()
    assert entry.state == "failed"
    assert entry.refusal is not None and "date_of_birth is in the future" in entry.refusal
    assert chain.events("BirthRegistered") == []
