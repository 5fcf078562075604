"""Create and authenticate API clients."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.errors import Conflict
from ansinh.core.security.models import ApiClient
from ansinh.core.security.scopes import check_scopes


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(
    *, db_session: Session, client_id: str, name: str, scopes: Iterable[str]
) -> tuple[ApiClient, str]:
    """Register a client and return it with its key (shown once, never stored in clear)."""
    if db_session.get(ApiClient, client_id) is not None:
        raise Conflict(f"API client {client_id!r} already exists")
    granted = check_scopes(scopes)
    key = f"ak_{secrets.token_urlsafe(32)}"
    client = ApiClient(client_id=client_id, name=name, key_hash=_hash(key), scopes=granted)
    db_session.add(client)
    db_session.flush()
    return client, key


def authenticate(*, db_session: Session, key: str) -> ApiClient | None:
    """Return the active client holding `key`, if any."""
    return db_session.scalar(
        select(ApiClient).where(ApiClient.key_hash == _hash(key), ApiClient.active)
    )
