"""Verification after a person is registered or changes identity data (an event handler)."""

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.events.models import EventDelivery
from ansinh.linkage import register_client
from ansinh.linkage.models import ReviewItem
from ansinh.linkage.register_client import RegisterClient
from ansinh.synth.messy import Truth
from tests.deliver import deliver_recorded

PERSONS = "/api/v1/registry/persons"


@pytest.fixture()
def configured(
    monkeypatch: pytest.MonkeyPatch, register: RegisterClient
) -> Iterator[RegisterClient]:
    """Point the platform at the sandbox register (over HTTP, through an ASGI transport)."""
    monkeypatch.setattr(register_client, "connect", lambda: register)
    yield register


def _body(truth: Truth, index: int = 0) -> dict[str, str]:
    citizen = truth.population.slice(index, 1).to_pylist()[0]
    return {
        "personal_id": citizen["personal_id"],
        "full_name": citizen["full_name"],
        "date_of_birth": citizen["date_of_birth"],
        "sex": citizen["sex"],
    }


def _status(client: TestClient, headers: dict[str, str], si_number: str) -> str:
    status: str = client.get(f"{PERSONS}/{si_number}", headers=headers).json()["auth_status"]
    return status


def test_a_person_matching_the_register_is_verified_after_the_commit(
    client: TestClient,
    officer_headers: dict[str, str],
    truth: Truth,
    configured: RegisterClient,
    db_session: Session,
) -> None:
    created = client.post(PERSONS, json=_body(truth), headers=officer_headers)
    assert created.status_code == 201, created.json()
    assert created.json()["auth_status"] == "unverified"  # no call inside the transaction
    assert deliver_recorded(db_session) == 2  # this verification, and life events' retry
    assert _status(client, officer_headers, created.json()["si_number"]) == "verified"


def test_a_mismatch_goes_to_review_with_the_register_record(
    client: TestClient,
    officer_headers: dict[str, str],
    truth: Truth,
    configured: RegisterClient,
    db_session: Session,
) -> None:
    body = _body(truth, 1) | {"full_name": "Người Khác Hẳn"}
    created = client.post(PERSONS, json=body, headers=officer_headers).json()
    deliver_recorded(db_session)
    assert _status(client, officer_headers, created["si_number"]) == "needs_review"
    review = db_session.scalars(
        select(ReviewItem).where(ReviewItem.si_number == created["si_number"])
    ).one()
    assert review.source == "realtime" and review.state == "open"
    assert review.register_record["full_name"] == _body(truth, 1)["full_name"]


def test_an_unknown_id_is_not_found_and_fixing_it_verifies(
    client: TestClient,
    officer_headers: dict[str, str],
    truth: Truth,
    configured: RegisterClient,
    db_session: Session,
) -> None:
    body = _body(truth, 2)
    unknown = body | {"personal_id": body["personal_id"][:6] + "999999"}
    created = client.post(PERSONS, json=unknown, headers=officer_headers).json()
    deliver_recorded(db_session)
    si_number = created["si_number"]
    assert _status(client, officer_headers, si_number) == "not_found"
    url = f"{PERSONS}/{si_number}"
    client.patch(url, json={"address": "Số 9, Lê Lợi"}, headers=officer_headers)
    deliver_recorded(db_session)
    assert _status(client, officer_headers, si_number) == "not_found"  # no identity change
    client.patch(url, json={"personal_id": body["personal_id"]}, headers=officer_headers)
    deliver_recorded(db_session)
    assert _status(client, officer_headers, si_number) == "verified"


def test_without_a_register_nothing_changes(
    client: TestClient, officer_headers: dict[str, str], truth: Truth, db_session: Session
) -> None:
    created = client.post(PERSONS, json=_body(truth, 3), headers=officer_headers).json()
    deliver_recorded(db_session)
    assert _status(client, officer_headers, created["si_number"]) == "unverified"


def test_an_unreachable_register_never_blocks_registration_and_is_retried(
    client: TestClient,
    officer_headers: dict[str, str],
    truth: Truth,
    monkeypatch: pytest.MonkeyPatch,
    db_session: Session,
) -> None:
    down = RegisterClient(httpx.Client(base_url="http://127.0.0.1:9", timeout=0.5))
    monkeypatch.setattr(register_client, "connect", lambda: down)
    created = client.post(PERSONS, json=_body(truth, 4), headers=officer_headers)
    assert created.status_code == 201
    with pytest.raises(register_client.RegisterUnavailable):
        deliver_recorded(db_session)  # the worker counts this failure and retries with back-off
    assert db_session.scalar(select(EventDelivery.status)) is None  # rolled back: not done
    assert _status(client, officer_headers, created.json()["si_number"]) == "unverified"
