"""FastAPI dependencies: the calling actor, its scopes, and the stated purpose of a read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ansinh.core.db import DbSession
from ansinh.core.errors import Forbidden, Unauthorized, Unprocessable
from ansinh.core.security import service
from ansinh.core.security.actor import Actor
from ansinh.core.security.scopes import SCOPES
from ansinh.core.text import clean_text

_bearer = HTTPBearer(auto_error=False, description="API client key")


def current_actor(
    db: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """Authenticate the caller from its bearer key."""
    if credentials is None:
        raise Unauthorized("send an API key as 'Authorization: Bearer <key>'")
    client = service.authenticate(db_session=db, key=credentials.credentials)
    if client is None:
        raise Unauthorized("the API key is unknown or revoked")
    return Actor(kind="client", id=client.client_id, scopes=frozenset(client.scopes))


def require(scope: str) -> Callable[[Actor], Actor]:
    """Build a dependency that admits only actors holding `scope` (one of SCOPES)."""
    if scope not in SCOPES:
        raise ValueError(f"scope {scope!r} is not listed in core.security.scopes")

    def _check(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        if not actor.can(scope):
            raise Forbidden(f"this action needs the scope {scope!r}")
        return actor

    return _check


def stated_purpose(
    x_purpose: Annotated[
        str,
        Header(min_length=3, max_length=200, description="Why this person's data is read"),
    ],
) -> str:
    """The purpose the caller states for reading a person's data (recorded in the audit log)."""
    try:
        return clean_text(x_purpose)
    except ValueError as exc:
        raise Unprocessable(f"X-Purpose: {exc}") from None


Purpose = Annotated[str, Depends(stated_purpose)]
