"""The e-ID app shows a parent's children and their TE cards: least data, audited, consented."""

from __future__ import annotations

from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from sandbox.eid.provider import Provider
from tests.portal.conftest import Citizen, make_child_of
from tests.portal.test_partners import _app_headers, _citizen_token


def test_the_app_gets_the_parents_children_and_their_cards_without_identifiers(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    db_session: Session,
) -> None:
    child = make_child_of(db_session, alice.si_number)
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.children")
    answer = browser.get(
        "/partners/v1/citizen/children",
        headers=_app_headers(db_session) | {"X-Citizen-Token": token},
    )
    assert answer.status_code == 200, answer.text
    (only,) = answer.json()["children"]
    assert (only["full_name"], only["object_code"], only["valid_to"]) == (
        "Trần Minh An",
        "TE",
        "2032-11-19",
    )
    assert child not in answer.text and "personal_id" not in answer.text
    read = db_session.scalars(
        select(AuditEvent).where(AuditEvent.resource == "lifeevents.children")
    ).all()
    assert sorted(e.subject for e in read) == sorted([alice.si_number, child])
    assert {e.actor_kind for e in read} == {"client"}


def test_the_app_without_consent_to_the_children_is_refused(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    db_session: Session,
) -> None:
    make_child_of(db_session, alice.si_number)
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.hi_card")
    answer = browser.get(
        "/partners/v1/citizen/children",
        headers=_app_headers(db_session) | {"X-Citizen-Token": token},
    )
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("application/problem+json")
