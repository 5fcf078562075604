"""Login through the national e-ID at the HTTP level: what is checked, and what is refused."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.core.config import get_settings
from ansinh.eid import usage
from ansinh.eid.client import get_eid_client
from ansinh.portal.login.views import TRANSACTION_COOKIE
from ansinh.portal.models import PortalSession
from ansinh.registry.models import Person
from tests.portal.conftest import Citizen, csrf_of, eid_client, login, start_login
from tests.sandbox.eid.kit import log_in, new_key


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key.get_secret_value(), salt="eid-login")


def test_a_citizen_logs_in_and_gets_a_secure_session_cookie(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    before = usage.total(db_session=db_session, metric=usage.EID_LOGINS)
    answer = login(browser, eid, alice)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = next(h for h in answer.headers.get_list("set-cookie") if "ansinh_session=" in h)
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie
    home = browser.get("/")
    assert alice.full_name in home.text
    assert alice.personal_id not in home.text
    assert usage.total(db_session=db_session, metric=usage.EID_LOGINS) == before + 1
    session = db_session.scalars(select(PortalSession)).one()
    assert session.si_number == alice.si_number and session.level == 1


def test_the_authorization_request_uses_pkce_s256_state_and_nonce(browser: TestClient) -> None:
    location = start_login(browser, level=2)
    params = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    transaction = _serializer().loads(browser.cookies[TRANSACTION_COOKIE])
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"] == create_s256_code_challenge(transaction["verifier"])
    assert params["state"] == transaction["state"] and params["nonce"] == transaction["nonce"]
    assert params["acr_values"] == "LoA2"


def test_a_wrong_state_is_refused(browser: TestClient, eid: TestClient, alice: Citizen) -> None:
    back = log_in(eid, start_login(browser), alice.personal_id)
    query = back.split("?", 1)[1].replace("state=", "state=forged")
    answer = browser.get(f"/auth/callback?{query}", follow_redirects=False)
    assert answer.status_code == 400
    assert "ansinh_session" not in answer.headers.get("set-cookie", "")


def test_a_callback_without_the_login_cookie_is_refused(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    back = log_in(eid, start_login(browser), alice.personal_id)
    browser.cookies.clear()
    answer = browser.get(f"/auth/callback?{back.split('?', 1)[1]}", follow_redirects=False)
    assert answer.status_code == 400


def test_a_replayed_code_is_refused(browser: TestClient, eid: TestClient, alice: Citizen) -> None:
    back = log_in(eid, start_login(browser), alice.personal_id)
    transaction = browser.cookies[TRANSACTION_COOKIE]
    assert browser.get(f"/auth/callback?{back.split('?', 1)[1]}").status_code == 200
    browser.cookies.set(TRANSACTION_COOKIE, transaction, domain="testserver.local", path="/auth")
    replay = browser.get(f"/auth/callback?{back.split('?', 1)[1]}", follow_redirects=False)
    assert replay.status_code == 400
    assert "invalid_grant" in replay.text


def test_a_wrong_nonce_is_refused(browser: TestClient, eid: TestClient, alice: Citizen) -> None:
    back = log_in(eid, start_login(browser), alice.personal_id)
    transaction = _serializer().loads(browser.cookies[TRANSACTION_COOKIE])
    forged = _serializer().dumps(transaction | {"nonce": "another-nonce"})
    browser.cookies.set(TRANSACTION_COOKIE, forged, domain="testserver.local", path="/auth")
    answer = browser.get(f"/auth/callback?{back.split('?', 1)[1]}", follow_redirects=False)
    assert answer.status_code == 400 and "không thuộc lần đăng nhập này" in answer.text


def test_a_client_assertion_signed_with_the_wrong_key_is_refused(
    portal_app: FastAPI, browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    portal_app.dependency_overrides[get_eid_client] = lambda: eid_client(eid, new_key())
    answer = login(browser, eid, alice)
    assert answer.status_code == 400 and "invalid_client" in answer.text


def test_declining_at_the_provider_is_shown_as_a_page(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    url = start_login(browser)
    page = eid.get(url)
    request_id = page.text.split('name="request_id" value="')[1].split('"')[0]
    eid.post(
        "/login", data={"request_id": request_id, "personal_id": alice.personal_id, "level": "LoA1"}
    )
    back = eid.post(
        "/consent", data={"request_id": request_id, "decision": "deny"}, follow_redirects=False
    )
    answer = browser.get(f"/auth/callback?{back.headers['location'].split('?', 1)[1]}")
    assert answer.status_code == 400 and "Bạn đã từ chối chia sẻ thông tin." in answer.text


def test_a_person_unknown_to_the_registry_is_told_so(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    person = db_session.get(Person, alice.si_number)
    assert person is not None
    person.personal_id = None
    db_session.flush()
    assert login(browser, eid, alice).status_code == 303
    assert "no social-insurance record" in browser.get("/lang/en?next=/").text
    assert browser.get("/me/si-book").status_code == 404


def test_logout_ends_the_session_here_and_at_the_provider(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    login(browser, eid, alice)
    home = browser.get("/")
    refused = browser.post("/auth/logout", data={"csrf": "wrong"}, follow_redirects=False)
    assert refused.status_code == 403
    out = browser.post("/auth/logout", data={"csrf": csrf_of(home.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"].startswith(eid.base_url.__str__())
    assert db_session.scalar(select(func.count()).select_from(PortalSession)) == 0
    again = browser.get("/me/si-book", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/auth/login")


def test_money_actions_need_a_level_two_login(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    login(browser, eid, alice, acr="LoA1")
    step_up = browser.get("/services/1.014176", follow_redirects=False)
    assert step_up.status_code == 303
    assert step_up.headers["location"] == "/auth/login?next=/services/1.014176&level=2"
    weak = login(browser, eid, alice, acr="LoA1", level=2)
    assert weak.status_code == 403
    strong = login(browser, eid, alice, acr="LoA2", level=2)
    assert strong.status_code == 303
    assert browser.get("/services/1.014176").status_code == 200


def test_an_open_redirect_after_login_is_not_possible(browser: TestClient) -> None:
    start_login(browser, next_path="//evil.example/")
    assert _serializer().loads(browser.cookies[TRANSACTION_COOKIE])["next"] == "/"
