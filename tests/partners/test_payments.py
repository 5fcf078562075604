"""The e-ID app shows the citizen's own payments: month, amount, channel, state; least data."""

from __future__ import annotations

from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from sandbox.eid.provider import Provider
from tests.portal.conftest import Citizen
from tests.portal.test_partners import _app_headers, _citizen_token
from tests.portal.test_payments import _beneficiary, _paid


def test_the_app_gets_the_citizens_payments_without_account_or_identifiers(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    bob: Citizen,
    db_session: Session,
) -> None:
    _beneficiary(db_session, alice)
    _beneficiary(db_session, bob, cash=True)
    _paid(db_session, alice)
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.payments")
    answer = browser.get(
        "/partners/v1/citizen/payments",
        headers=_app_headers(db_session) | {"X-Citizen-Token": token},
    )
    assert answer.status_code == 200, answer.text
    (payment,) = answer.json()["payments"]
    assert (payment["month"], payment["amount"], payment["channel"], payment["status"]) == (
        "2026-10-01",
        5_000_000,
        "account",
        "computed",
    )
    assert set(payment) == {"month", "pay_date", "amount", "channel", "status", "reason"}
    read = db_session.scalars(
        select(AuditEvent).where(
            AuditEvent.subject == alice.si_number, AuditEvent.resource == "payments.history"
        )
    ).all()
    assert read and read[-1].actor_kind == "client"


def test_the_app_without_the_citizens_consent_to_payments_is_refused(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    db_session: Session,
) -> None:
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.claims")
    answer = browser.get(
        "/partners/v1/citizen/payments",
        headers=_app_headers(db_session) | {"X-Citizen-Token": token},
    )
    assert answer.status_code == 403
    assert answer.headers["content-type"] == "application/problem+json"
