"""The platform signing key: compact JWS (ES256) for documents a third party must verify offline.

The private key is generated on first use into `<data_dir>/keys/platform-signing.jwk` (mode 0600)
and never committed; its public half is published as a JWKS (`/.well-known/jwks.json`).
"""

from __future__ import annotations

import json
import os
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


def _key_path() -> Path:
    return get_settings().data_dir / "keys" / "platform-signing.jwk"


@cache
def platform_key() -> ECKey:
    """Load the platform's private signing key, creating it on first use."""
    path = _key_path()
    if path.exists():
        return ECKey.import_key(json.loads(path.read_text()))
    key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(key.as_dict(private=True), file)
    return key


def public_jwks() -> dict[str, Any]:
    """The public key set to publish at /.well-known/jwks.json."""
    public = ECKey.import_key(platform_key().as_dict(private=False))
    return dict(KeySet([public]).as_dict())


def sign(claims: dict[str, Any]) -> str:
    """Sign `claims` (JSON) as a compact JWS with the platform key."""
    key = platform_key()
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    return str(jws.serialize_compact({"alg": ALGORITHM, "kid": key.kid}, payload, key))


def verify(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """Verify a compact JWS against a published key set and return its claims."""
    try:
        keys = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
        signed = jws.deserialize_compact(token, keys, algorithms=[ALGORITHM])
        claims = json.loads(signed.payload)
    except (JoseError, ValueError) as exc:
        raise SignatureInvalid(f"signature does not verify: {exc}") from None
    if not isinstance(claims, dict):
        raise SignatureInvalid("signed payload is not a JSON object")
    return claims
