"""Secrets an install generates for itself on first start and keeps under its data directory."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def load_or_create(path: Path, *, size: int = 48) -> str:
    """The secret stored at `path`; created there (mode 0600) if absent, read back afterwards."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes starting at once end up with the same secret.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(size))
    value = path.read_text().strip()
    if not value:
        raise ValueError(f"{path} is empty; delete it to let ansinh generate a new secret")
    return value
