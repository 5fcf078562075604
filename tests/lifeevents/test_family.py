"""The family's side of a death: claims from the application, bank reports, once per person."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service as claims
from ansinh.benefits.claims.models import Claim
from ansinh.core.clock import today
from ansinh.core.events import service as events
from ansinh.core.security.actor import SYSTEM
from ansinh.lifeevents import service
from ansinh.lifeevents.models import Death, DeathReport
from ansinh.linkage import register_client
from ansinh.payments.deaths import estate_schedule_id
from ansinh.payments.models import Payee
from ansinh.payments.schemas import DeathReportedByBank
from ansinh.registry.models import Person
from sandbox.civil import notify
from tests.deliver import deliver_recorded
from tests.health.conftest import make_person
from tests.lifeevents.conftest import Chain

DIED = today() - timedelta(days=3)


def _application(organiser: Person, **fields: Any) -> dict[str, Any]:
    return {
        "requester_personal_id": organiser.personal_id,
        "relationship": "con",
        "organiser_personal_id": organiser.personal_id,
        "receipt_channel": "account",
        "bank_bin": "970436",
        "account_number": "0123456789",
        "hometown": "Xã Bình Chánh, TP Hồ Chí Minh",
        **fields,
    }


def _register_death(chain: Chain, person: Person, application: dict[str, Any] | None) -> None:
    body: dict[str, Any] = {"personal_id": person.personal_id, "date_of_death": DIED.isoformat()}
    if application is not None:
        body["application"] = application
    chain.post("/v1/deaths", body)
    chain.deliver()
    chain.work()


def _dead(chain: Chain, person: Person) -> Person:
    chain.enrol(person)
    return person


def _branches(db_session: Session, si_number: str) -> list[str]:
    held = claims.claims_of_person(db_session, si_number=si_number, actor=SYSTEM, purpose="test")
    return sorted(c.branch for c in held)


def test_the_si_funeral_regime_opens_the_funeral_and_survivors_claims_once(
    chain: Chain, db_session: Session
) -> None:
    deceased, son = _dead(chain, make_person(db_session)), make_person(db_session)
    dependants = [{"full_name": "Vợ", "relation": "spouse"}]
    _register_death(chain, deceased, _application(son, dependants=dependants))
    death = db_session.get_one(Death, deceased.si_number)
    assert (death.source, death.funeral_claim is not None) == ("civil", True)
    assert _branches(db_session, deceased.si_number)[0] == "funeral_grant"
    funeral = claims.claims_of_person(
        db_session, si_number=deceased.si_number, actor=SYSTEM, purpose="test"
    )[0]
    assert (funeral.procedure_code, funeral.channel) == ("1.014177", "account")
    # The same death registered again (a new civil record): settled once, filed once.
    _register_death(chain, deceased, _application(son))
    assert len(chain.events("PersonDied")) == 1
    assert _branches(db_session, deceased.si_number).count("funeral_grant") == 1
    assert [e.state for e in chain.entries()] == ["done", "done"]


def test_another_regime_opens_no_si_claim(chain: Chain, db_session: Session) -> None:
    deceased = _dead(chain, make_person(db_session))
    _register_death(chain, deceased, _application(deceased, regime="meritorious"))
    death = db_session.get_one(Death, deceased.si_number)
    assert death.funeral_claim is None
    assert death.claims_note is not None and "meritorious" in death.claims_note
    assert _branches(db_session, deceased.si_number) == []


@pytest.fixture()
def register(chain: Chain, monkeypatch: pytest.MonkeyPatch) -> Chain:
    """The platform's population-register client pointed at the chain's sandbox."""
    client = register_client.RegisterClient(chain.sandboxes.population_http)
    monkeypatch.setattr(register_client, "connect", lambda: client)
    return chain


def _bank_reports(db_session: Session, person: Person) -> None:
    event = DeathReportedByBank(
        si_number=person.si_number, end_to_end_id="E2E-MD07-1", reported_on=today()
    )
    events.record(db_session=db_session, event=event)
    deliver_recorded(db_session)


def test_an_unconfirmed_bank_report_is_held_and_stops_nothing(
    register: Chain, db_session: Session
) -> None:
    alive = _dead(register, make_person(db_session))
    _bank_reports(db_session, alive)
    _bank_reports(db_session, alive)  # delivered twice: kept once
    report = db_session.scalars(select(DeathReport)).one()
    assert (report.source, report.confirmed_at) == ("bank", None)
    assert register.events("PersonDied") == []
    assert db_session.get(Death, alive.si_number) is None


def test_a_confirmed_bank_report_settles_the_death_once_with_the_civil_one(
    register: Chain, db_session: Session
) -> None:
    deceased, son = _dead(register, make_person(db_session)), make_person(db_session)
    answer = register.sandboxes.population_http.post(
        "/v1/events", json={"kind": "death", "record_id": f"R{deceased.personal_id}"}
    )
    assert answer.status_code < 300, answer.text
    _bank_reports(db_session, deceased)
    assert [e["si_number"] for e in register.events("PersonDied")] == [deceased.si_number]
    death = db_session.get_one(Death, deceased.si_number)
    assert (death.source, death.record_id) == ("bank", None)
    _register_death(register, deceased, _application(son))
    db_session.refresh(death)
    assert len(register.events("PersonDied")) == 1
    assert death.record_id is not None and death.funeral_claim is not None
    assert db_session.scalars(select(DeathReport)).one().confirmed_at is not None
    assert service.chain_counts(db_session=db_session)[1].handled == 1


def test_a_batch_message_keeps_one_entry_per_registration_and_handles_them_as_a_set(
    chain: Chain, db_session: Session
) -> None:
    people = [_dead(chain, make_person(db_session)) for _ in range(3)]
    for person in people:
        body = {"personal_id": person.personal_id, "date_of_death": DIED.isoformat()}
        chain.post("/v1/deaths", body)
    assert notify.deliver_due(chain.sandboxes.civil, chain.client, batch=10) == (3, 0)
    with chain.sandboxes.civil.connect() as connection:
        again = connection.execute("SELECT event_id FROM registrations LIMIT 1").fetchone()
    assert again is not None
    chain.sandboxes.http.post(
        f"/v1/registrations/{again['event_id']}/renotify", headers=chain.sandboxes.headers
    )
    assert notify.deliver_due(chain.sandboxes.civil, chain.client, batch=10) == (1, 0)
    chain.work()
    assert sorted(e.state for e in chain.entries()) == ["done"] * 3 + ["duplicate"]
    assert len(chain.events("PersonDied")) == 3


def test_the_funeral_grant_and_the_unpaid_months_go_to_the_organisers_account(
    chain: Chain, db_session: Session
) -> None:
    deceased = _dead(chain, make_person(db_session))
    son = make_person(db_session, full_name="Trần Văn Hiếu")
    _register_death(chain, deceased, _application(son))
    funeral = db_session.scalars(select(Claim).where(Claim.si_number == deceased.si_number)).one()
    assert (funeral.channel, funeral.account_bin, funeral.account_number) == (
        "account",
        "970436",
        "0123456789",
    )
    assert funeral.account_holder == "Trần Văn Hiếu"
    heir = db_session.get_one(Payee, estate_schedule_id(deceased.si_number))
    assert (heir.kind, heir.account_number, heir.holder) == (
        "account",
        "0123456789",
        "Trần Văn Hiếu",
    )
