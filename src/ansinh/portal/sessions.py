"""Server-side sessions: the cookie carries a random token, the table its hash and who it is."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Literal

from fastapi import Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.portal.models import PortalSession

COOKIE = "ansinh_session"
Kind = Literal["citizen", "officer"]
LIFETIME: dict[Kind, timedelta] = {"citizen": timedelta(minutes=30), "officer": timedelta(hours=8)}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    *,
    db_session: Session,
    kind: Kind,
    display_name: str,
    level: int,
    si_number: str | None = None,
    officer: str | None = None,
) -> str:
    """Open a session and return its cookie token (expired sessions are swept on the way)."""
    now = clock.now()
    db_session.execute(delete(PortalSession).where(PortalSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    db_session.add(
        PortalSession(
            token_hash=_hash(token),
            kind=kind,
            si_number=si_number,
            officer=officer,
            display_name=display_name[:100],
            level=level,
            csrf_token=secrets.token_urlsafe(32),
            expires_at=now + LIFETIME[kind],
        )
    )
    db_session.flush()
    return token


def sweep_expired(*, db_session: Session) -> int:
    """Delete every expired session (the scheduled clean-up); return how many."""
    swept = db_session.execute(delete(PortalSession).where(PortalSession.expires_at < clock.now()))
    return int(swept.rowcount)  # type: ignore[attr-defined]


def find(*, db_session: Session, token: str | None) -> PortalSession | None:
    """The live session holding `token`, if any."""
    if not token:
        return None
    return db_session.scalar(
        select(PortalSession).where(
            PortalSession.token_hash == _hash(token),
            PortalSession.expires_at > clock.now(),
        )
    )


def end(*, db_session: Session, token: str | None) -> None:
    """Close the session holding `token` (logout)."""
    if token:
        db_session.execute(delete(PortalSession).where(PortalSession.token_hash == _hash(token)))


def set_cookie(response: Response, token: str, kind: Kind) -> None:
    """Hand the browser its session cookie: HttpOnly, SameSite=Lax, Secure unless dev opts out."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(LIFETIME[kind].total_seconds()),
        httponly=True,
        secure=get_settings().cookie_secure,
        samesite="lax",
        path="/",
    )


def clear_cookie(response: Response) -> None:
    """Remove the session cookie from the browser."""
    response.delete_cookie(
        COOKIE, httponly=True, secure=get_settings().cookie_secure, samesite="lax", path="/"
    )
