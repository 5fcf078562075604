"""The sandbox e-ID speaks OpenID Connect: discovery, PKCE S256, private_key_jwt, refusals."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet
from starlette.testclient import TestClient

from sandbox.eid.provider import ASSERTION_TYPE, IDENTITY_CLAIMS, Provider
from tests.sandbox.eid.conftest import CLIENT_ID, ISSUER, REDIRECT_URI
from tests.sandbox.eid.kit import assertion, log_in, new_key, pkce, query_of, token_form


def _authorize_url(challenge: str, **overrides: str) -> str:
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid profile vss.si_book",
        "state": "state-123",
        "nonce": "nonce-456",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    } | overrides
    return f"{ISSUER}/authorize?{urlencode(params)}"


def _someone(provider: Provider) -> str:
    return provider.store.sample(1)[0].personal_id


def _code(eid: TestClient, provider: Provider, challenge: str, level: str = "LoA1") -> str:
    location = log_in(eid, _authorize_url(challenge), _someone(provider), level)
    answer = query_of(location)
    assert location.startswith(REDIRECT_URI)
    assert answer["state"] == "state-123" and answer["iss"] == ISSUER
    return answer["code"]


def _exchange(eid: TestClient, key: ECKey, code: str, verifier: str) -> Any:
    form = token_form(
        key,
        CLIENT_ID,
        f"{ISSUER}/token",
        code=code,
        code_verifier=verifier,
        redirect_uri=REDIRECT_URI,
    )
    return eid.post("/token", data=form)


def test_discovery_announces_code_flow_pkce_s256_and_private_key_jwt(eid: TestClient) -> None:
    meta = eid.get("/.well-known/openid-configuration").json()
    assert meta["issuer"] == ISSUER
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]
    assert meta["acr_values_supported"] == ["LoA1", "LoA2"]
    assert eid.get("/jwks").json()["keys"][0]["kty"] == "EC"


def test_the_whole_flow_gives_an_id_token_with_the_national_sso_claims(
    eid: TestClient, provider: Provider, client_key: ECKey
) -> None:
    verifier, challenge = pkce()
    tokens = _exchange(eid, client_key, _code(eid, provider, challenge, "LoA2"), verifier)
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    keys = KeySet.import_key_set(eid.get("/jwks").json())
    claims = jwt.decode(body["id_token"], keys).claims
    citizen = provider.store.get(claims["sub"])
    assert citizen is not None
    assert claims["aud"] == CLIENT_ID and claims["nonce"] == "nonce-456"
    assert claims["acr"] == "LoA2" and claims["identification_level"] == 2
    assert claims["SoDinhDanh"] == claims["preferred_username"] == citizen.personal_id
    assert claims["HoVaTen"] == claims["name"] == citizen.full_name
    assert claims["NgayThangNamSinh"] == citizen.date_of_birth.strftime("%Y%m%d")
    assert claims["loginIdp"] == "BCA"
    assert set(IDENTITY_CLAIMS) <= set(claims)
    info = eid.get("/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert info.json()["SoDinhDanh"] == citizen.personal_id
    access = jwt.decode(body["access_token"], keys)
    assert access.header["typ"] == "at+jwt" and "ansinh" in access.claims["aud"]


def test_plain_pkce_or_no_challenge_is_refused_at_the_redirect_uri(eid: TestClient) -> None:
    for overrides in ({"code_challenge_method": "plain"}, {"code_challenge": ""}):
        response = eid.get(_authorize_url(pkce()[1], **overrides), follow_redirects=False)
        assert response.status_code == 302
        answer = query_of(response.headers["location"])
        assert answer["error"] == "invalid_request" and answer["state"] == "state-123"


def test_an_unregistered_redirect_uri_is_shown_not_followed(eid: TestClient) -> None:
    url = _authorize_url(pkce()[1], redirect_uri="https://evil.test/cb")
    response = eid.get(url, follow_redirects=False)
    assert response.status_code == 400 and "location" not in response.headers


def test_a_wrong_code_verifier_is_refused(
    eid: TestClient, provider: Provider, client_key: ECKey
) -> None:
    _, challenge = pkce()
    response = _exchange(eid, client_key, _code(eid, provider, challenge), pkce()[0])
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_replayed_code_is_refused_and_revokes_its_tokens(
    eid: TestClient, provider: Provider, client_key: ECKey
) -> None:
    verifier, challenge = pkce()
    code = _code(eid, provider, challenge)
    first = _exchange(eid, client_key, code, verifier).json()
    replay = _exchange(eid, client_key, code, verifier)
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    info = eid.get("/userinfo", headers={"Authorization": f"Bearer {first['access_token']}"})
    assert info.status_code == 401 and info.json()["error"] == "invalid_token"


def test_a_client_assertion_signed_by_another_key_is_refused(
    eid: TestClient, provider: Provider
) -> None:
    verifier, challenge = pkce()
    response = _exchange(eid, new_key(), _code(eid, provider, challenge), verifier)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_a_client_assertion_cannot_be_replayed(
    eid: TestClient, provider: Provider, client_key: ECKey
) -> None:
    verifier, challenge = pkce()
    form = token_form(
        client_key,
        CLIENT_ID,
        f"{ISSUER}/token",
        code=_code(eid, provider, challenge),
        code_verifier=verifier,
        redirect_uri=REDIRECT_URI,
    )
    assert eid.post("/token", data=form).status_code == 200
    again = eid.post("/token", data=form)
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"


def test_a_token_request_without_client_authentication_is_refused(eid: TestClient) -> None:
    response = eid.post("/token", data={"grant_type": "authorization_code", "code": "x"})
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "private_key_jwt client authentication is required",
    }


def test_declining_consent_returns_access_denied(eid: TestClient, provider: Provider) -> None:
    page = eid.get(_authorize_url(pkce()[1]))
    request_id = page.text.split('name="request_id" value="')[1].split('"')[0]
    eid.post(
        "/login",
        data={"request_id": request_id, "personal_id": _someone(provider), "level": "LoA1"},
    )
    done = eid.post(
        "/consent", data={"request_id": request_id, "decision": "deny"}, follow_redirects=False
    )
    assert query_of(done.headers["location"])["error"] == "access_denied"


def test_an_unknown_citizen_is_asked_again(eid: TestClient) -> None:
    page = eid.get(_authorize_url(pkce()[1]))
    request_id = page.text.split('name="request_id" value="')[1].split('"')[0]
    again = eid.post(
        "/login", data={"request_id": request_id, "typed_id": "000000000000", "level": "LoA1"}
    )
    assert again.status_code == 400 and "Không tìm thấy" in again.text


def test_logout_returns_only_to_a_registered_uri(eid: TestClient) -> None:
    back = eid.get(
        "/logout",
        params={"client_id": CLIENT_ID, "post_logout_redirect_uri": "https://rp.test/"},
        follow_redirects=False,
    )
    assert back.headers["location"] == "https://rp.test/"
    stay = eid.get(
        "/logout",
        params={"client_id": CLIENT_ID, "post_logout_redirect_uri": "https://evil.test/"},
        follow_redirects=False,
    )
    assert stay.status_code == 200


def _authenticated(key: ECKey, endpoint: str, token: str) -> dict[str, str]:
    return {
        "token": token,
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion(key, CLIENT_ID, endpoint),
    }


def test_introspection_and_revocation_need_client_authentication(
    eid: TestClient, provider: Provider, client_key: ECKey
) -> None:
    verifier, challenge = pkce()
    token = _exchange(eid, client_key, _code(eid, provider, challenge), verifier).json()
    access, inspect = token["access_token"], provider.introspection_endpoint
    assert eid.post("/introspect", data={"token": access}).status_code == 401
    active = eid.post("/introspect", data=_authenticated(client_key, inspect, access)).json()
    assert active["active"] is True and active["client_id"] == CLIENT_ID
    as_id = _authenticated(client_key, inspect, token["id_token"])
    assert eid.post("/introspect", data=as_id).json() == {"active": False}
    revoke = _authenticated(client_key, provider.revocation_endpoint, access)
    assert eid.post("/revoke", data=revoke).status_code == 200
    after = eid.post("/introspect", data=_authenticated(client_key, inspect, access))
    assert after.json() == {"active": False}
