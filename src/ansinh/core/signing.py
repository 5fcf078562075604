"""The platform signing key: compact JWS (ES256) for documents a third party must verify offline.

The private key is generated on first use into `<data_dir>/keys/platform-signing.jwk` (mode 0600)
and never committed; its public half is published as a JWKS (`/.well-known/jwks.json`).
"""

from __future__ import annotations

import json
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

from ansinh.core.config import get_settings

ALGORITHM = "ES256"


class SignatureInvalid(ValueError):
    """A signed document does not verify against the published keys."""


def key_path() -> Path:
    """Where the platform signing key lives."""
    return get_settings().data_dir / "keys" / "platform-signing.jwk"


class InsecureKeyFile(RuntimeError):
    """A private key file is readable by others than its owner."""


@cache
def load_or_create_key(path: Path) -> ECKey:
    """Load a private EC P-256 key from `path`, creating it (mode 0600) on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = ECKey.generate_key("P-256", private=True, auto_kid=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            pass
        else:
            with os.fdopen(descriptor, "w") as file:
                json.dump(key.as_dict(private=True), file)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise InsecureKeyFile(f"{path} must be readable by its owner only (chmod 600)")
    return ECKey.import_key(json.loads(path.read_text(encoding="utf-8")))


def platform_key() -> ECKey:
    """The platform's private document-signing key."""
    return load_or_create_key(key_path().resolve())


def key_set(jwks: dict[str, Any]) -> KeySet:
    """Import a published JWKS document for verification."""
    return KeySet.import_key_set(jwks)  # type: ignore[arg-type]


def public_jwks() -> dict[str, Any]:
    """The public key set to publish at /.well-known/jwks.json."""
    public = platform_key().as_dict(private=False)
    return {"keys": [public | {"use": "sig", "alg": ALGORITHM}]}


def sign(claims: dict[str, Any]) -> str:
    """Sign `claims` (JSON) as a compact JWS with the platform key."""
    key = platform_key()
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    return str(jws.serialize_compact({"alg": ALGORITHM, "kid": key.kid}, payload, key))


def verify(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """Verify a compact JWS against a published key set and return its claims."""
    try:
        signed = jws.deserialize_compact(token, key_set(jwks), algorithms=[ALGORITHM])
        claims = json.loads(signed.payload)
    except (JoseError, ValueError) as exc:
        raise SignatureInvalid(f"signature does not verify: {exc}") from None
    if not isinstance(claims, dict):
        raise SignatureInvalid("signed payload is not a JSON object")
    return claims
