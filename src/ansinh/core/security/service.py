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


def _new_key() -> str:
    return f"ak_{secrets.token_urlsafe(32)}"


def create(
    *, db_session: Session, client_id: str, name: str, scopes: Iterable[str]
) -> tuple[ApiClient, str]:
    """Register a client and return it with its key (shown once, never stored in clear)."""
    if db_session.get(ApiClient, client_id) is not None:
        raise Conflict(f"API client {client_id!r} already exists")
    granted = check_scopes(scopes)
    key = _new_key()
    client = ApiClient(client_id=client_id, name=name, key_hash=_hash(key), scopes=granted)
    db_session.add(client)
    db_session.flush()
    return client, key


def create_or_rekey(
    *, db_session: Session, client_id: str, name: str, scopes: Iterable[str]
) -> str:
    """A new key for the client, registering it first if needed (its old key stops working)."""
    client = db_session.get(ApiClient, client_id)
    if client is None:
        return create(db_session=db_session, client_id=client_id, name=name, scopes=scopes)[1]
    key = _new_key()
    client.key_hash, client.scopes = _hash(key), check_scopes(scopes)
    db_session.flush()
    return key


def authenticate(*, db_session: Session, key: str) -> ApiClient | None:
    """Return the active client holding `key`, if any."""
    return db_session.scalar(
        select(ApiClient).where(ApiClient.key_hash == _hash(key), ApiClient.active)
    )
