"""The e-ID app reads a citizen's SI book with its API key and the citizen's own token."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from ansinh.eid import usage
from sandbox.eid.provider import Provider
from tests.conftest import api_headers
from tests.portal.conftest import EID_APP, Citizen
from tests.sandbox.eid.kit import ASSERTION_TYPE, assertion, log_in, pkce, query_of, token_form


def _citizen_token(
    eid: TestClient, provider: Provider, key: ECKey, citizen: Citizen, scope: str
) -> str:
    verifier, challenge = pkce()
    params = {
        "response_type": "code",
        "client_id": EID_APP,
        "redirect_uri": "vneid://callback",
        "scope": scope,
        "state": "s" * 16,
        "nonce": "n" * 16,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    back = log_in(eid, f"{provider.issuer}/authorize?{urlencode(params)}", citizen.personal_id)
    form = token_form(
        key,
        EID_APP,
        provider.token_endpoint,
        code=query_of(back)["code"],
        code_verifier=verifier,
        redirect_uri="vneid://callback",
    )
    return str(eid.post("/token", data=form).json()["access_token"])


def _app_headers(db_session: Session, client_id: str = EID_APP) -> dict[str, str]:
    headers = api_headers(db_session, "partners:eid", client_id=client_id)
    return {"Authorization": headers["Authorization"]}


def test_the_app_gets_the_si_book_summary_and_the_query_is_logged_and_counted(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    db_session: Session,
) -> None:
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.si_book")
    before = usage.total(db_session=db_session, metric=usage.EID_APP_QUERIES)
    answer = browser.get(
        "/partners/v1/citizen/si-book",
        headers=_app_headers(db_session) | {"X-Citizen-Token": token},
    )
    assert answer.status_code == 200, answer.text
    summary = answer.json()
    assert summary["si_number"] == alice.si_number and summary["total_months"] > 0
    assert usage.total(db_session=db_session, metric=usage.EID_APP_QUERIES) == before + 1
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.subject == alice.si_number)
    ).one()
    assert (event.actor_kind, event.actor_id) == ("client", EID_APP)


def test_without_the_citizens_token_the_app_is_refused(
    browser: TestClient, db_session: Session
) -> None:
    answer = browser.get("/partners/v1/citizen/si-book", headers=_app_headers(db_session))
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    forged = browser.get(
        "/partners/v1/citizen/si-book",
        headers=_app_headers(db_session, "vneid-app-2") | {"X-Citizen-Token": "x" * 40},
    )
    assert forged.status_code == 401


def test_a_token_issued_to_another_client_or_without_the_scope_is_refused(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    db_session: Session,
) -> None:
    no_scope = _citizen_token(eid, provider, eid_app_key, alice, "openid")
    refused = browser.get(
        "/partners/v1/citizen/si-book",
        headers=_app_headers(db_session) | {"X-Citizen-Token": no_scope},
    )
    assert refused.status_code == 403 and "vss.si_book" in refused.json()["detail"]
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.si_book")
    other = browser.get(
        "/partners/v1/citizen/si-book",
        headers=_app_headers(db_session, "another-partner") | {"X-Citizen-Token": token},
    )
    assert other.status_code == 403


def test_an_api_key_without_the_partner_scope_is_refused(
    browser: TestClient, db_session: Session
) -> None:
    headers = api_headers(db_session, "registry:read", client_id=EID_APP)
    answer = browser.get(
        "/partners/v1/citizen/hi-card",
        headers={"Authorization": headers["Authorization"], "X-Citizen-Token": "x" * 40},
    )
    assert answer.status_code == 403


def test_the_hi_card_needs_its_own_consent(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    db_session: Session,
) -> None:
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.hi_card")
    headers = _app_headers(db_session) | {"X-Citizen-Token": token}
    assert browser.get("/partners/v1/citizen/hi-card", headers=headers).status_code == 404
    assert browser.get("/partners/v1/citizen/si-book", headers=headers).status_code == 403


def _si_book(browser: TestClient, app: dict[str, str], token: str) -> Any:
    return browser.get("/partners/v1/citizen/si-book", headers=app | {"X-Citizen-Token": token})


def test_a_token_the_app_revoked_at_the_provider_is_refused(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    db_session: Session,
) -> None:
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.si_book")
    app = _app_headers(db_session)
    assert _si_book(browser, app, token).status_code == 200
    revoke = {
        "token": token,
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion(eid_app_key, EID_APP, provider.revocation_endpoint),
    }
    assert eid.post("/revoke", data=revoke).status_code == 200
    assert _si_book(browser, app, token).status_code == 401


def _resigned(provider: Provider, token: str, typ: str, **changes: Any) -> str:
    """The token's claims, changed and signed again with the provider's own key."""
    return provider._sign(provider.verify_access_token(token) | changes, typ)


def test_an_id_token_or_a_ten_year_token_is_refused(
    browser: TestClient,
    eid: TestClient,
    provider: Provider,
    eid_app_key: ECKey,
    alice: Citizen,
    db_session: Session,
) -> None:
    token = _citizen_token(eid, provider, eid_app_key, alice, "openid vss.si_book")
    app = _app_headers(db_session)
    id_typed = _resigned(provider, token, "JWT")
    assert _si_book(browser, app, id_typed).status_code == 401
    claims = provider.verify_access_token(token)
    ten_years = _resigned(provider, token, "at+jwt", exp=claims["iat"] + 10 * 365 * 86400)
    assert _si_book(browser, app, ten_years).status_code == 401
    assert _si_book(browser, app, token).status_code == 200
