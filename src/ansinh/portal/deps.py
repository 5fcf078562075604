"""Page dependencies: who is logged in, at which e-ID level, with which officer role; CSRF."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.datastructures import FormData

from ansinh.core.config import get_settings
from ansinh.core.db import DbSession
from ansinh.core.i18n import N_
from ansinh.core.security.actor import Actor
from ansinh.portal import sessions
from ansinh.portal.models import Officer, PortalSession
from ansinh.portal.roles import allowed
from ansinh.portal.web import LoginRequired, PageError


async def posted_form(request: Request) -> FormData:
    """The posted form, read on the event loop so the handler itself can be a sync `def`."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]


def viewer(request: Request, db: DbSession) -> PortalSession | None:
    """The logged-in citizen or officer, if any."""
    return sessions.find(db_session=db, token=request.cookies.get(sessions.COOKIE))


Viewer = Annotated[PortalSession | None, Depends(viewer)]


def citizen(request: Request, session: Viewer) -> PortalSession:
    """The logged-in citizen, or a redirect to the e-ID login."""
    if session is None or session.kind != "citizen":
        raise LoginRequired("/auth/login", request.url.path)
    return session


Citizen = Annotated[PortalSession, Depends(citizen)]
OWN_READ = "citizen reading their own data in the portal"


def citizen_actor(session: PortalSession) -> Actor:
    """The audit actor of a citizen reading their own data."""
    return Actor(kind="citizen", id=session.si_number or "unregistered")


def officer_actor(officer: Officer) -> Actor:
    """The audit actor of an officer, with their role."""
    return Actor(kind="officer", id=officer.username, scopes=frozenset({officer.role}))


def insured(session: PortalSession) -> str:
    """The citizen's SI number, or a page saying the agency has no record of them."""
    if session.si_number is None:
        raise PageError(404, N_("We have no social-insurance record for your personal ID."))
    return session.si_number


def officer_with(permission: str) -> Callable[..., tuple[PortalSession, Officer]]:
    """Build a dependency admitting active officers whose role grants `permission`."""

    def _check(request: Request, db: DbSession, session: Viewer) -> tuple[PortalSession, Officer]:
        account = (
            None if session is None or session.officer is None else db.get(Officer, session.officer)
        )
        if session is None or account is None or not account.active:
            raise LoginRequired("/officer/login", request.url.path)
        if not allowed(account.role, permission):
            raise PageError(403, N_("Your role does not allow this."))
        return session, account

    return _check


def check_csrf(session: PortalSession, token: object) -> None:
    """Refuse a form that does not carry the session's CSRF token."""
    if not isinstance(token, str) or not secrets.compare_digest(token, session.csrf_token):
        raise PageError(403, N_("This form has expired. Please go back and try again."))


# Before a login there is no session to hold a CSRF token: the login form carries one that must
# equal a cookie of its own (double submit). A cross-site page can neither read nor set it, and
# SameSite=Strict keeps it off cross-site posts, so a forged login (into the attacker's account)
# is refused.
LOGIN_CSRF_COOKIE = "login_csrf"


def login_csrf_token(request: Request) -> str:
    """The login form's CSRF token: the one the browser already holds, else a new one."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)


def set_login_csrf(response: Response, token: str) -> None:
    """Give the browser the login form's CSRF cookie (HttpOnly, SameSite=Strict)."""
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        secure=get_settings().cookie_secure,
        samesite="strict",
        path="/officer/login",
    )


def check_login_csrf(request: Request, token: object) -> None:
    """Refuse a login form whose CSRF token does not equal the browser's cookie."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not isinstance(token, str) or not secrets.compare_digest(token, expected):
        raise PageError(403, N_("This form has expired. Please go back and try again."))
