"""The e-ID relying party: discovery, PKCE S256, private_key_jwt, and checks of the tokens received.

The provider is reached only over HTTP (httpx); tests hand in an httpx client whose transport is
the sandbox app. JWT and JWK work is done by joserfc, PKCE's S256 transform by Authlib.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.core.errors import ProblemError
from ansinh.core.i18n import N_
from ansinh.eid.keys import client_key

ACR_LEVELS = {"LoA1": 1, "LoA2": 2}
ALGORITHMS = ["ES256", "RS256"]
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ACCESS_TOKEN_TYPE = "at+jwt"  # RFC 9068; ID tokens are typed JWT
LEEWAY_SECONDS = 60
_PERSONAL_ID = re.compile(r"^\d{12}$")


class EidError(Exception):
    """The e-ID exchange failed; the reason is technical and safe to show (no personal data)."""


class EidUnavailable(ProblemError):
    """No e-ID provider is configured."""

    status = 503
    title = "National e-ID unavailable"


@dataclass(frozen=True)
class LoginRequest:
    """Where to send the browser, and the secrets to check the answer against."""

    url: str
    state: str
    nonce: str
    verifier: str


@dataclass(frozen=True)
class Identity:
    """Who logged in, as the provider vouches in the ID token."""

    personal_id: str
    full_name: str
    level: int


class EidClient:
    """One relying-party registration at one provider."""

    def __init__(self, *, issuer: str, client_id: str, key: ECKey, http: httpx.Client) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self._key = key
        self._http = http
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (fetched once, issuer checked)."""
        if self._metadata is None:
            document = self._get(f"{self.issuer}/.well-known/openid-configuration")
            if document.get("issuer") != self.issuer:
                raise EidError(N_("the discovery document names another issuer"))
            if "S256" not in document.get("code_challenge_methods_supported", []):
                raise EidError(N_("the provider does not support PKCE S256"))
            self._metadata = document
        return self._metadata

    def login_request(self, *, redirect_uri: str, level: int) -> LoginRequest:
        """A new authorization request at `level` with fresh state, nonce and PKCE verifier."""
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "scope": "openid profile",
            "state": state,
            "nonce": nonce,
            "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
            "acr_values": f"LoA{level}",
        }
        url = f"{self.metadata()['authorization_endpoint']}?{urlencode(params)}"
        return LoginRequest(url=url, state=state, nonce=nonce, verifier=verifier)

    def exchange(self, *, code: str, redirect_uri: str, verifier: str) -> dict[str, Any]:
        """Redeem a code at the token endpoint, authenticating with a signed client assertion."""
        endpoint = self.metadata()["token_endpoint"]
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            "client_id": self.client_id,
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": self._assertion(endpoint),
        }
        try:
            response = self._http.post(endpoint, data=form)
            body = response.json()
        except (httpx.HTTPError, ValueError):
            raise EidError(N_("the e-ID token endpoint did not answer")) from None
        if response.status_code != 200 or not isinstance(body, dict):
            error = body.get("error", "unknown") if isinstance(body, dict) else "unknown"
            raise EidError(f"the e-ID provider refused the code ({error})")
        return body

    def identity(self, id_token: str, *, nonce: str) -> Identity:
        """Check an ID token (signature, issuer, audience, time, nonce, acr) and read it."""
        claims = self._verified(id_token, aud={"essential": True, "value": self.client_id})
        if claims.get("azp", self.client_id) != self.client_id:
            raise EidError(N_("the ID token was issued to another client"))
        if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
            raise EidError(N_("the ID token's nonce does not match this login"))
        personal_id = str(claims.get("sub", ""))
        if not _PERSONAL_ID.match(personal_id):
            raise EidError(N_("the ID token's subject is not a personal ID"))
        if claims.get("SoDinhDanh", personal_id) != personal_id:
            raise EidError(N_("the ID token names two different personal IDs"))
        level = ACR_LEVELS.get(str(claims.get("acr")))
        if level is None:
            raise EidError(N_("the ID token has no known assurance level (acr)"))
        name = str(claims.get("name") or claims.get("HoVaTen") or "")
        return Identity(personal_id=personal_id, full_name=name, level=level)

    def access_claims(self, token: str, *, audience: str, max_lifetime: int) -> dict[str, Any]:
        """Check an access token the provider issued for `audience`; return its claims.

        It must be typed as an access token (RFC 9068 `at+jwt`, so an ID token is refused), live
        no longer than `max_lifetime` seconds, and still be active at the provider (RFC 7662).
        """
        claims = self._verified(
            token,
            typ=ACCESS_TOKEN_TYPE,
            aud={"essential": True, "value": audience},
            jti={"essential": True},
        )
        if not _PERSONAL_ID.match(str(claims.get("sub", ""))):
            raise EidError(N_("the access token's subject is not a personal ID"))
        if claims["exp"] - claims["iat"] > max_lifetime:
            raise EidError(N_("the access token lives longer than this platform accepts"))
        if self._introspect(token).get("active") is not True:
            raise EidError(N_("the e-ID provider says the access token is no longer active"))
        return claims

    def logout_url(self, *, post_logout_redirect_uri: str) -> str | None:
        """The provider's end-session URL returning to `post_logout_redirect_uri`, if it has one."""
        try:
            endpoint = self.metadata().get("end_session_endpoint")
        except EidError:
            return None
        if not endpoint:
            return None
        query = {"client_id": self.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
        return f"{endpoint}?{urlencode(query)}"

    def _introspect(self, token: str) -> dict[str, Any]:
        endpoint = self.metadata().get("introspection_endpoint")
        if not endpoint:
            raise EidError(N_("the e-ID provider offers no token introspection"))
        form = {
            "token": token,
            "token_type_hint": "access_token",
            "client_id": self.client_id,
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": self._assertion(endpoint),
        }
        try:
            response = self._http.post(endpoint, data=form)
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError):
            raise EidError(N_("the e-ID introspection endpoint did not answer")) from None
        if not isinstance(body, dict):
            raise EidError(N_("the e-ID provider answered something unexpected"))
        return body

    def _verified(self, token: str, *, typ: str | None = None, **options: Any) -> dict[str, Any]:
        try:
            try:
                decoded = jwt.decode(token, self._key_set(), algorithms=ALGORITHMS)
            except JoseError:  # the provider may have rotated its key: fetch the set once more
                decoded = jwt.decode(token, self._key_set(refresh=True), algorithms=ALGORITHMS)
            if typ is not None and str(decoded.header.get("typ", "")).lower() != typ:
                raise ValueError("wrong token type")
            jwt.JWTClaimsRegistry(
                leeway=LEEWAY_SECONDS,
                iss={"essential": True, "value": self.issuer},
                exp={"essential": True},
                iat={"essential": True},
                **options,
            ).validate(decoded.claims)
        except (JoseError, ValueError):
            raise EidError(N_("the token does not verify against the provider's keys")) from None
        if decoded.claims["iat"] > clock.now().timestamp() + LEEWAY_SECONDS:
            raise EidError(N_("the token was issued in the future"))
        return decoded.claims

    def _key_set(self, *, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            self._keys = KeySet.import_key_set(self._get(self.metadata()["jwks_uri"]))  # type: ignore[arg-type]
        return self._keys

    def _assertion(self, audience: str) -> str:
        now = int(clock.now().timestamp())
        claims = {
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": audience,
            "iat": now,
            "exp": now + 60,
            "jti": generate_token(24),
        }
        return jwt.encode({"alg": "ES256", "kid": self._key.kid}, claims, self._key)

    def _get(self, url: str) -> dict[str, Any]:
        try:
            response = self._http.get(url)
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError):
            raise EidError(N_("the e-ID provider did not answer")) from None
        if not isinstance(body, dict):
            raise EidError(N_("the e-ID provider answered something unexpected"))
        return body


def get_eid_client() -> EidClient:
    """The process-wide client for the configured provider (a FastAPI dependency)."""
    settings = get_settings()
    if settings.eid_issuer_url is None:
        raise EidUnavailable("national e-ID login is not configured (ANSINH_EID_ISSUER)")
    return _client(settings.eid_issuer_url, settings.eid_client_id)


@cache
def _client(issuer: str, client_id: str) -> EidClient:
    return EidClient(
        issuer=issuer, client_id=client_id, key=client_key(), http=httpx.Client(timeout=10)
    )
