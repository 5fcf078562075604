"""Test kit for the sandbox e-ID: a client key, assertions, PKCE, and driving the login pages."""

from __future__ import annotations

import re
import secrets
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import ECKey
from starlette.testclient import TestClient

from sandbox.eid.provider import ASSERTION_TYPE


def new_key() -> ECKey:
    """A fresh client key pair."""
    return ECKey.generate_key("P-256", private=True, auto_kid=True)


def public_jwks(key: ECKey) -> dict[str, Any]:
    """The public JWKS a client registers."""
    return {"keys": [key.as_dict(private=False)]}


def assertion(key: ECKey, client_id: str, audience: str, **overrides: Any) -> str:
    """A private_key_jwt client assertion."""
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": now,
        "exp": now + 60,
        "jti": secrets.token_urlsafe(12),
    } | overrides
    return jwt.encode({"alg": "ES256", "kid": key.kid}, claims, key)


def pkce() -> tuple[str, str]:
    """A (verifier, S256 challenge) pair."""
    verifier = secrets.token_urlsafe(48)
    return verifier, create_s256_code_challenge(verifier)


def query_of(location: str) -> dict[str, str]:
    """The query parameters of a redirect."""
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def log_in(http: TestClient, authorize_url: str, personal_id: str, level: str = "LoA1") -> str:
    """Open the authorize URL, pick the citizen, allow sharing; return the redirect location."""
    page = http.get(authorize_url)
    assert page.status_code == 200, page.text
    request_id = re.search(r'name="request_id" value="([^"]+)"', page.text)
    assert request_id is not None
    base = authorize_url.split("/authorize")[0]
    consent = http.post(
        f"{base}/login",
        data={"request_id": request_id.group(1), "personal_id": personal_id, "level": level},
    )
    assert consent.status_code == 200, consent.text
    done = http.post(
        f"{base}/consent",
        data={"request_id": request_id.group(1), "decision": "allow"},
        follow_redirects=False,
    )
    assert done.status_code == 302
    return str(done.headers["location"])


def token_form(key: ECKey, client_id: str, token_endpoint: str, **fields: str) -> dict[str, str]:
    """A token request body authenticated with private_key_jwt."""
    return {
        "grant_type": "authorization_code",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion(key, client_id, token_endpoint),
    } | fields
