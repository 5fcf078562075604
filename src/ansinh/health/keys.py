"""The platform's card-signing key: generated on first use, kept private, published as a JWKS.

The private key is an EC P-256 JWK in `<data_dir>/keys/hi-card-signing.jwk.json`, created with
mode 0600 and never committed. A key file that group or others may read is refused, in every
environment, just as an insecure secret key is refused in production.
"""

from __future__ import annotations

import json
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

from joserfc.jwk import ECKey, KeySet

from ansinh.core.config import get_settings

KEY_FILE = "hi-card-signing.jwk.json"
ALGORITHM = "ES256"


class InsecureKeyFile(RuntimeError):
    """The signing key file is readable by others than its owner."""


def key_path() -> Path:
    """Where the signing key lives."""
    return get_settings().data_dir / "keys" / KEY_FILE


def platform_key() -> ECKey:
    """The private signing key, created on first use."""
    return _load_or_create(key_path().resolve())


@cache
def _load_or_create(path: Path) -> ECKey:
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


def public_jwks() -> dict[str, Any]:
    """The JWKS that verifiers download (public part only)."""
    public = platform_key().as_dict(private=False)
    return {"keys": [public | {"use": "sig", "alg": ALGORITHM}]}


def key_set(jwks: dict[str, Any]) -> KeySet:
    """Import a JWKS document for verification."""
    return KeySet.import_key_set(jwks)  # type: ignore[arg-type]
