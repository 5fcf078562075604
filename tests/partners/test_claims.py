"""The e-ID app shows the citizen's own benefit claims: timeline and decisions, least data."""

from __future__ import annotations

from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service as claims
from ansinh.benefits.claims.enums import Branch, ClaimantKind
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.core import clock
from ansinh.core.audit.models import AuditEvent
from ansinh.core.security.actor import Actor
from sandbox.eid.provider import Provider
from tests.portal.conftest import EID_APP, Citizen
from tests.portal.test_partners import _app_headers, _citizen_token


def _withdrawal(db_session: Session, citizen: Citizen) -> str:
    line = ClaimLine(
        si_number=citizen.si_number,
        branch=Branch.ONE_TIME_WITHDRAWAL,
        period_from=clock.today(),
        facts={"ground": "out_of_insurance"},
        channel="cash",
    )
    filed = claims.file_claim(
        db_session,
        line=line,
        claimant_kind=ClaimantKind.CITIZEN,
        received_on=clock.today(),
        actor=Actor(kind="citizen", id=citizen.si_number),
        purpose="test",
    )
    return filed.reference


def test_the_app_gets_the_citizens_claims_with_timeline_and_decisions_only(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    bob: Citizen,
    db_session: Session,
) -> None:
    mine, theirs = _withdrawal(db_session, alice), _withdrawal(db_session, bob)
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.claims")
    answer = browser.get(
        "/partners/v1/citizen/claims",
        headers=_app_headers(db_session) | {"X-Citizen-Token": token},
    )
    assert answer.status_code == 200, answer.text
    (claim,) = answer.json()
    assert claim["reference"] == mine and claim["reference"] != theirs
    assert claim["branch"] == "one_time_withdrawal" and claim["timeline"]
    assert claim["decisions"][0]["outcome"] in ("granted", "refused")
    assert "si_number" not in claim and "facts" not in claim and "actor" not in claim["timeline"][0]
    readers = db_session.scalars(
        select(AuditEvent.actor_id).where(
            AuditEvent.subject == alice.si_number, AuditEvent.resource == "benefits.claims"
        )
    ).all()
    assert EID_APP in readers


def test_a_token_without_the_claims_scope_is_refused(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    db_session: Session,
) -> None:
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.si_book")
    answer = browser.get(
        "/partners/v1/citizen/claims",
        headers=_app_headers(db_session) | {"X-Citizen-Token": token},
    )
    assert answer.status_code == 403
    assert answer.headers["content-type"] == "application/problem+json"
