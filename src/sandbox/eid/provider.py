"""The provider's protocol: authorization requests, one-time codes, tokens and client checks.

Authorization-code flow only, with PKCE S256 (plain is refused) and confidential clients that
authenticate with `private_key_jwt` (RFC 7523); they may introspect (RFC 7662) and revoke
(RFC 7009) access tokens the same way. Tokens are ES256 JWTs signed by a key generated
per process; JWT and JWK work is done by joserfc, PKCE's S256 transform by Authlib.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

from sandbox.eid.store import Citizen, CitizenStore, RegisteredClient

ALGORITHM = "ES256"
CLIENT_ALGORITHMS = ["ES256", "RS256", "PS256"]
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ACR = {1: "LoA1", 2: "LoA2"}
LEVELS = {v: k for k, v in ACR.items()}
LOGIN_IDP = "BCA"  # the Ministry of Public Security's VNeID, as the DVCQG SSO names it
REQUEST_SECONDS = 600
CODE_SECONDS = 120
TOKEN_SECONDS = 1800
ASSERTION_MAX_SECONDS = 300
_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")
_VERIFIER = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")
IDENTITY_CLAIMS = (
    "name",
    "given_name",
    "family_name",
    "birthdate",
    "gender",
    "identification_level",
    "preferred_username",
    "SoDinhDanh",
    "HoVaTen",
    "NgayThangNamSinh",
    "LoaiTaiKhoan",
    "loginIdp",
)


class OAuthError(Exception):
    """A token or userinfo failure, answered as RFC 6749 JSON."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


class NotRedirectable(Exception):
    """Unknown client or redirect URI, or an expired request: show a page, never redirect."""


class RedirectError(Exception):
    """An authorization failure reported back to the client's redirect URI."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


@dataclass
class AuthorizationRequest:
    """A validated authorization request waiting for the tester's login and consent."""

    client: RegisteredClient
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str
    nonce: str
    code_challenge: str
    requested_level: int
    expires: float
    citizen: Citizen | None = None
    level: int = 1


@dataclass
class Grant:
    """What a one-time code stands for."""

    request: AuthorizationRequest
    citizen: Citizen
    level: int
    auth_time: int
    expires: float
    used: bool = False
    token_ids: list[str] = field(default_factory=list)


class Provider:
    """One OpenID provider instance with its own key, clients and in-memory state."""

    def __init__(
        self,
        *,
        issuer: str,
        store: CitizenStore,
        clients: Iterable[RegisteredClient],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.store = store
        self._clients = {c.client_id: c for c in clients}
        self._clock = clock
        self._key = ECKey.generate_key("P-256", private=True, auto_kid=True)
        self._lock = threading.Lock()
        self._requests: dict[str, AuthorizationRequest] = {}
        self._grants: dict[str, Grant] = {}
        self._assertions: dict[str, float] = {}
        self._revoked: set[str] = set()

    @property
    def token_endpoint(self) -> str:
        """Where clients exchange codes (and the audience of their assertions)."""
        return f"{self.issuer}/token"

    @property
    def introspection_endpoint(self) -> str:
        """Where clients ask whether an access token is still active (RFC 7662)."""
        return f"{self.issuer}/introspect"

    @property
    def revocation_endpoint(self) -> str:
        """Where a client revokes an access token it was issued (RFC 7009)."""
        return f"{self.issuer}/revoke"

    def metadata(self) -> dict[str, Any]:
        """The discovery document (OpenID Connect Discovery 1.0)."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": self.token_endpoint,
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "introspection_endpoint": self.introspection_endpoint,
            "introspection_endpoint_auth_methods_supported": ["private_key_jwt"],
            "revocation_endpoint": self.revocation_endpoint,
            "revocation_endpoint_auth_methods_supported": ["private_key_jwt"],
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [ALGORITHM],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": CLIENT_ALGORITHMS,
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": list(LEVELS),
            "scopes_supported": [
                "openid",
                "profile",
                "vss.si_book",
                "vss.hi_card",
                "vss.claims",
                "vss.payments",
                "vss.children",
            ],
            "authorization_response_iss_parameter_supported": True,
            "claims_supported": ["sub", *IDENTITY_CLAIMS, "acr", "amr", "nonce", "auth_time"],
        }

    def jwks(self) -> dict[str, Any]:
        """The public signing keys."""
        public = self._key.as_dict(private=False) | {"use": "sig", "alg": ALGORITHM}
        return {"keys": [public]}

    def begin(self, params: Mapping[str, str]) -> tuple[str, AuthorizationRequest]:
        """Validate an authorization request and keep it; return it with its id for the forms."""
        client = self._clients.get(params.get("client_id", ""))
        redirect_uri = params.get("redirect_uri", "")
        if client is None or redirect_uri not in client.redirect_uris:
            raise NotRedirectable("unknown client_id, or a redirect_uri it did not register")
        state = params.get("state", "")

        def _refuse(error: str, description: str) -> RedirectError:
            query = {"error": error, "error_description": description, "iss": self.issuer}
            return RedirectError(
                _with_query(redirect_uri, query | ({"state": state} if state else {}))
            )

        if params.get("response_type") != "code":
            raise _refuse("unsupported_response_type", "only response_type=code is supported")
        scopes = tuple(dict.fromkeys(params.get("scope", "").split()))
        if "openid" not in scopes:
            raise _refuse("invalid_scope", "scope must include openid")
        if not set(scopes) <= client.scopes:
            raise _refuse("invalid_scope", "scope asks for more than this client may have")
        if params.get("code_challenge_method") != "S256":
            raise _refuse("invalid_request", "PKCE with code_challenge_method=S256 is required")
        if not _CHALLENGE.match(params.get("code_challenge", "")):
            raise _refuse("invalid_request", "code_challenge must be a base64url SHA-256 digest")
        if not state or not params.get("nonce"):
            raise _refuse("invalid_request", "state and nonce are required")
        acr = params.get("acr_values", "LoA1").split()
        if not acr or acr[0] not in LEVELS:
            raise _refuse("invalid_request", "acr_values must be LoA1 or LoA2")
        request = AuthorizationRequest(
            client=client,
            redirect_uri=redirect_uri,
            scopes=scopes,
            state=state,
            nonce=params["nonce"],
            code_challenge=params["code_challenge"],
            requested_level=LEVELS[acr[0]],
            expires=self._clock() + REQUEST_SECONDS,
        )
        request_id = secrets.token_urlsafe(24)
        with self._lock:
            now = self._clock()
            self._requests = {k: r for k, r in self._requests.items() if r.expires > now}
            self._grants = {k: g for k, g in self._grants.items() if g.expires > now}
            self._requests[request_id] = request
        return request_id, request

    def pending(self, request_id: str) -> AuthorizationRequest | None:
        """The authorization request awaiting login or consent, if still valid."""
        with self._lock:
            request = self._requests.get(request_id)
        return request if request and request.expires > self._clock() else None

    def log_in(self, request: AuthorizationRequest, *, personal_id: str, level: int) -> bool:
        """Record who logged in, at which level; False if the register has no such citizen."""
        citizen = self.store.get(personal_id)
        if citizen is None or level not in ACR:
            return False
        request.citizen, request.level = citizen, level
        return True

    def decide(self, request_id: str, *, allow: bool) -> str:
        """Finish the request with the tester's consent; return where to send the user agent."""
        with self._lock:
            request = self._requests.pop(request_id, None)
        if request is None or request.citizen is None or request.expires <= self._clock():
            raise NotRedirectable("this login request has expired; start again from the service")
        back = {"state": request.state, "iss": self.issuer}
        if not allow:
            denied = {"error": "access_denied", "error_description": "the citizen declined"}
            return _with_query(request.redirect_uri, denied | back)
        code = secrets.token_urlsafe(32)
        grant = Grant(
            request=request,
            citizen=request.citizen,
            level=request.level,
            auth_time=int(self._clock()),
            expires=self._clock() + CODE_SECONDS,
        )
        with self._lock:
            self._grants[code] = grant
        return _with_query(request.redirect_uri, {"code": code} | back)

    def exchange(self, form: Mapping[str, str]) -> dict[str, Any]:
        """Exchange a code for tokens: client assertion, one-time code, redirect URI, PKCE."""
        client = self._authenticate_client(form, self.token_endpoint)
        if form.get("grant_type") != "authorization_code":
            raise OAuthError("unsupported_grant_type", "only authorization_code is supported")
        with self._lock:
            grant = self._grants.get(form.get("code", ""))
            replayed = grant is not None and grant.used
            if grant is not None:
                grant.used = True
                if replayed:
                    self._revoked.update(grant.token_ids)
        if grant is None or replayed or grant.expires <= self._clock():
            raise OAuthError("invalid_grant", "the code is unknown, expired or already used")
        request = grant.request
        if request.client.client_id != client.client_id:
            raise OAuthError("invalid_grant", "the code was issued to another client")
        if form.get("redirect_uri") != request.redirect_uri:
            raise OAuthError("invalid_grant", "redirect_uri differs from the authorization request")
        verifier = form.get("code_verifier", "")
        if not _VERIFIER.match(verifier) or not secrets.compare_digest(
            create_s256_code_challenge(verifier), request.code_challenge
        ):
            raise OAuthError("invalid_grant", "code_verifier does not match the code_challenge")
        return self._tokens(grant)

    def userinfo(self, authorization: str | None) -> dict[str, Any]:
        """The logged-in citizen's claims, for a valid access token of this provider."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise OAuthError("invalid_token", "send the access token as a Bearer token", 401)
        claims = self.verify_access_token(token)
        citizen = self.store.get(str(claims["sub"]))
        if citizen is None:
            raise OAuthError("invalid_token", "the subject is no longer known", 401)
        return {"sub": citizen.personal_id} | _identity_claims(citizen, LEVELS[claims["acr"]])

    def verify_access_token(self, token: str) -> dict[str, Any]:
        """Check an access token this provider issued; return its claims."""
        try:
            decoded = jwt.decode(token, self._key, algorithms=[ALGORITHM])
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.issuer},
                exp={"essential": True},
                jti={"essential": True},
            ).validate(decoded.claims)
        except (JoseError, ValueError):
            raise OAuthError(
                "invalid_token", "the access token is invalid or expired", 401
            ) from None
        if decoded.header.get("typ") != "at+jwt" or decoded.claims["jti"] in self._revoked:
            raise OAuthError("invalid_token", "the access token is not usable", 401)
        return decoded.claims

    def introspect(self, form: Mapping[str, str]) -> dict[str, Any]:
        """RFC 7662: whether `token` is an active access token, with its claims if it is."""
        self._authenticate_client(form, self.introspection_endpoint)
        try:
            claims = self.verify_access_token(form.get("token", ""))
        except OAuthError:
            return {"active": False}
        return {"active": True, "token_type": "Bearer"} | claims

    def revoke(self, form: Mapping[str, str]) -> None:
        """RFC 7009: revoke an access token issued to the calling client; ignore unknown ones."""
        client = self._authenticate_client(form, self.revocation_endpoint)
        try:
            claims = self.verify_access_token(form.get("token", ""))
        except OAuthError:
            return
        if claims.get("client_id") == client.client_id:
            with self._lock:
                self._revoked.add(str(claims["jti"]))

    def logout_target(self, params: Mapping[str, str]) -> str | None:
        """Where to send the user agent after logout, if the client registered that URI."""
        client = self._clients.get(params.get("client_id", ""))
        target = params.get("post_logout_redirect_uri", "")
        if client is None or target not in client.post_logout_redirect_uris:
            return None
        state = params.get("state")
        return _with_query(target, {"state": state}) if state else target

    def _authenticate_client(self, form: Mapping[str, str], endpoint: str) -> RegisteredClient:
        """Check the `private_key_jwt` assertion: signature, iss/sub, audience, lifetime, jti."""
        assertion = form.get("client_assertion", "")
        if form.get("client_assertion_type") != ASSERTION_TYPE or not assertion:
            raise OAuthError(
                "invalid_client", "private_key_jwt client authentication is required", 401
            )
        try:
            unverified = json.loads(jws.extract_compact(assertion.encode()).payload)
            client = self._clients.get(str(unverified.get("iss", "")))
            if client is None or form.get("client_id", client.client_id) != client.client_id:
                raise ValueError("unknown client")
            keys = KeySet.import_key_set(client.jwks)  # type: ignore[arg-type]
            claims = jwt.decode(assertion, keys, algorithms=CLIENT_ALGORITHMS).claims
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": client.client_id},
                sub={"essential": True, "value": client.client_id},
                aud={"essential": True, "values": [endpoint, self.issuer]},
                exp={"essential": True},
                jti={"essential": True},
            ).validate(claims)
        except (JoseError, ValueError, AttributeError):
            raise OAuthError(
                "invalid_client", "the client assertion does not verify", 401
            ) from None
        now = self._clock()
        if claims["exp"] - now > ASSERTION_MAX_SECONDS:
            raise OAuthError("invalid_client", "the client assertion lives too long", 401)
        with self._lock:
            self._assertions = {j: e for j, e in self._assertions.items() if e > now}
            if claims["jti"] in self._assertions:
                raise OAuthError("invalid_client", "the client assertion was already used", 401)
            self._assertions[claims["jti"]] = float(claims["exp"])
        return client

    def _tokens(self, grant: Grant) -> dict[str, Any]:
        request, citizen, now = grant.request, grant.citizen, int(self._clock())
        client_id, acr = request.client.client_id, ACR[grant.level]
        token_id = secrets.token_urlsafe(16)
        grant.token_ids.append(token_id)
        access = {
            "iss": self.issuer,
            "sub": citizen.personal_id,
            "aud": [self.issuer, *request.client.audiences],
            "azp": client_id,
            "client_id": client_id,
            "scope": " ".join(request.scopes),
            "acr": acr,
            "iat": now,
            "exp": now + TOKEN_SECONDS,
            "jti": token_id,
        }
        identity = {
            "iss": self.issuer,
            "sub": citizen.personal_id,
            "aud": client_id,
            "azp": client_id,
            "iat": now,
            "exp": now + TOKEN_SECONDS,
            "auth_time": grant.auth_time,
            "nonce": request.nonce,
            "acr": acr,
            "amr": ["pwd", "otp"] if grant.level == 1 else ["pwd", "face"],
        } | _identity_claims(citizen, grant.level)
        return {
            "access_token": self._sign(access, "at+jwt"),
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "scope": access["scope"],
            "id_token": self._sign(identity, "JWT"),
        }

    def _sign(self, claims: dict[str, Any], typ: str) -> str:
        header = {"alg": ALGORITHM, "kid": self._key.kid, "typ": typ}
        return jwt.encode(header, claims, self._key, algorithms=[ALGORITHM])


def _identity_claims(citizen: Citizen, level: int) -> dict[str, Any]:
    """Standard OIDC claims plus the names the national SSO uses for the same facts."""
    return {
        "name": citizen.full_name,
        "given_name": citizen.given_name,
        "family_name": citizen.family_name,
        "birthdate": citizen.date_of_birth.isoformat(),
        "gender": "male" if citizen.sex == "M" else "female",
        "identification_level": level,
        "preferred_username": citizen.personal_id,
        "SoDinhDanh": citizen.personal_id,
        "HoVaTen": citizen.full_name,
        "NgayThangNamSinh": citizen.date_of_birth.strftime("%Y%m%d"),
        "LoaiTaiKhoan": 1,
        "loginIdp": LOGIN_IDP,
    }


def _with_query(uri: str, params: Mapping[str, str]) -> str:
    return f"{uri}{'&' if '?' in uri else '?'}{urlencode(params)}"
