"""Gateway-compatible accounts and tokens, as hospital systems use the VSS assessment gateway.

An account is an API client bound to a facility (`79011_BV`) plus a password. Clients send the
MD5 hex of the password; only scrypt(MD5 hex upper-cased, salt) is stored. `/api/token/take`
checks it once and returns an access token and an id token (HS256, keyed from the platform secret,
`TOKEN_TTL` seconds). Every lookup then sends both tokens, the username and the MD5 again in the
query string; they are checked without the database: the access token carries an HMAC fingerprint
of the MD5, so a wrong one is refused; and the account must still exist, be active and hold the
eligibility scope at every use, so disabling it ends its tokens at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.core.errors import NotFound, ProblemError, Unprocessable
from ansinh.core.security.models import ApiClient
from ansinh.health.eligibility.clinic import ELIGIBILITY_SCOPE, facility_of
from ansinh.health.models import GatewayAccount

TOKEN_TTL = 1800
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_ALGORITHM = "HS256"
_UNKNOWN_SALT = "00" * 16


class GatewayProblem(ProblemError):
    """A gateway failure; the body also carries the gateway's `maKetQua` code."""

    def __init__(self, detail: str, code: str) -> None:
        super().__init__(detail, maKetQua=code)


class GatewayUnauthorized(GatewayProblem):
    """Wrong account, password or token (maKetQua 401)."""

    status = 401
    title = "Unauthorized"

    def __init__(self, detail: str = "wrong username, password or token") -> None:
        super().__init__(detail, "401")


class GatewayFormatError(GatewayProblem):
    """A parameter has the wrong format (maKetQua 205)."""

    status = 422
    title = "Invalid request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, "205")


@dataclass(frozen=True)
class Tokens:
    """What /api/token/take hands out."""

    access_token: str
    id_token: str
    username: str
    expires_in: int


def _normalised(password_md5: str) -> bytes:
    return password_md5.strip().upper().encode()


def _scrypt(password_md5: str, salt: str) -> str:
    return hashlib.scrypt(_normalised(password_md5), salt=bytes.fromhex(salt), **_SCRYPT).hex()


def set_password(*, db_session: Session, client_id: str, password_md5: str) -> GatewayAccount:
    """Give a facility-bound API client a gateway password (sent as its MD5 hex)."""
    if db_session.get(ApiClient, client_id) is None:
        raise NotFound(f"no API client {client_id!r}")
    if facility_of(client_id) is None:
        raise Unprocessable("gateway accounts are named <facility code>_BV, e.g. 79011_BV")
    if len(password_md5.strip()) != len(hashlib.md5(b"").hexdigest()):
        raise Unprocessable("password_md5: expected the 32-character MD5 hex of the password")
    salt = secrets.token_hex(16)
    account = db_session.get(GatewayAccount, client_id) or GatewayAccount(client_id=client_id)
    account.password_salt, account.password_hash = salt, _scrypt(password_md5, salt)
    db_session.add(account)
    db_session.flush()
    return account


@cache
def _signing_key(secret: str) -> OctKey:
    return OctKey.import_key(hashlib.sha256(b"ansinh/hi-gateway-token/" + secret.encode()).digest())


def _key() -> OctKey:
    return _signing_key(get_settings().secret_key.get_secret_value())


def _fingerprint(password_md5: str) -> str:
    secret = get_settings().secret_key.get_secret_value().encode()
    return hmac.new(secret, _normalised(password_md5), hashlib.sha256).hexdigest()[:32]


def take_token(*, db_session: Session, username: str, password_md5: str) -> Tokens:
    """Check a gateway login and issue its tokens (401 if anything is wrong)."""
    account = db_session.get(GatewayAccount, username)
    client = db_session.get(ApiClient, username)
    # Hash even for unknown accounts, so timing does not tell which usernames exist.
    given = _scrypt(password_md5, account.password_salt if account else _UNKNOWN_SALT)
    matches = hmac.compare_digest(given, account.password_hash if account else "")
    if not matches or client is None or not client.active:
        raise GatewayUnauthorized()
    if ELIGIBILITY_SCOPE not in client.scopes:
        raise GatewayUnauthorized(f"the account lacks the scope {ELIGIBILITY_SCOPE!r}")
    now, jti = int(clock.now().timestamp()), secrets.token_urlsafe(12)
    common = {"sub": username, "jti": jti, "iat": now, "exp": now + TOKEN_TTL}
    access = common | {"typ": "access", "pwd": _fingerprint(password_md5)}
    return Tokens(
        access_token=jwt.encode({"alg": _ALGORITHM}, access, _key()),
        id_token=jwt.encode({"alg": _ALGORITHM}, common | {"typ": "id"}, _key()),
        username=username,
        expires_in=TOKEN_TTL,
    )


def _claims(token: str) -> dict[str, Any]:
    try:
        decoded = jwt.decode(token, _key(), algorithms=[_ALGORITHM])
        registry = jwt.JWTClaimsRegistry(
            now=lambda: int(clock.now().timestamp()), exp={"essential": True}
        )
        registry.validate(decoded.claims)
    except (JoseError, ValueError):
        raise GatewayUnauthorized("the token is invalid or has expired") from None
    return decoded.claims


def _usable(db_session: Session, username: str) -> bool:
    client = db_session.get(ApiClient, username)
    return (
        client is not None
        and client.active
        and ELIGIBILITY_SCOPE in client.scopes
        and db_session.get(GatewayAccount, username) is not None
    )


def authenticate(
    *, db_session: Session, token: str, id_token: str, username: str, password_md5: str
) -> str:
    """Check the query-string credentials of a lookup; return the account (client id)."""
    access, identity = _claims(token), _claims(id_token)
    if (
        access.get("typ") != "access"
        or identity.get("typ") != "id"
        or access.get("jti") != identity.get("jti")
        or access.get("sub") != username
        or identity.get("sub") != username
        or not hmac.compare_digest(str(access.get("pwd", "")), _fingerprint(password_md5))
    ):
        raise GatewayUnauthorized()
    if not _usable(db_session, username):
        raise GatewayUnauthorized("the account does not exist or is disabled")
    return username
