"""The portal's own key for `private_key_jwt` at the e-ID provider (never the document key).

Generated on first use into `settings.eid_key_file` (mode 0600, never committed); the provider is
given its public half when the client is registered.
"""

from __future__ import annotations

from typing import Any

from joserfc.jwk import ECKey

from ansinh.core.config import get_settings
from ansinh.core.signing import load_or_create_key


def client_key() -> ECKey:
    """The portal's private client-authentication key, created on first use."""
    return load_or_create_key(get_settings().eid_key_file.resolve())


def public_jwks() -> dict[str, Any]:
    """The JWKS to register with the e-ID provider."""
    return {"keys": [client_key().as_dict(private=False) | {"use": "sig", "alg": "ES256"}]}
