"""The civil registry's ES256 key (kept in its schema), its JWKS, and signed envelopes."""

from __future__ import annotations

import json
from typing import Any

from joserfc import jws
from joserfc.jwk import ECKey

from sandbox.civil import store

ALGORITHM = "ES256"


def signing_key(connection: store.Connection) -> ECKey:
    """The registry's private key, made on first use (every replica then uses the stored one)."""
    jwk = store.stored_key(connection)
    if jwk is None:
        fresh = ECKey.generate_key("P-256", private=True, auto_kid=True)
        jwk = store.keep_key(connection, fresh.as_dict(private=True))
    return ECKey.import_key(jwk)


def jwks(key: ECKey) -> dict[str, Any]:
    """The public key set subscribers verify notifications with."""
    return {"keys": [key.as_dict(private=False) | {"use": "sig", "alg": ALGORITHM}]}


def sign(envelope: dict[str, Any], key: ECKey) -> str:
    """The envelope as a compact JWS (ES256, with the key's id in the header)."""
    payload = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), default=str)
    return str(jws.serialize_compact({"alg": ALGORITHM, "kid": key.kid}, payload.encode(), key))
