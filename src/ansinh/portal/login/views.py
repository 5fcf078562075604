"""Citizen login and logout through the national e-ID (OpenID Connect, authorization code + PKCE).

The login transaction (state, nonce, PKCE verifier, level, return path) travels in a short-lived
signed cookie scoped to /auth; the session itself is server-side (see ansinh.portal.sessions).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ansinh.core.config import get_settings
from ansinh.core.db import DbSession
from ansinh.core.i18n import N_
from ansinh.eid import usage
from ansinh.eid.client import EidClient, EidError, EidUnavailable, get_eid_client
from ansinh.portal import sessions
from ansinh.portal.deps import PostedForm, Viewer, check_csrf
from ansinh.portal.web import PageError, safe_next
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonSearch

router = APIRouter(prefix="/auth", include_in_schema=False)
Eid = Annotated[EidClient, Depends(get_eid_client)]
TRANSACTION_COOKIE = "ansinh_login"
TRANSACTION_SECONDS = 600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key.get_secret_value(), salt="eid-login")


def redirect_uri() -> str:
    """Where the provider sends the browser back (registered with the provider)."""
    base = get_settings().portal_base_url
    if base is None:
        raise EidUnavailable("the portal's public URL is not configured (ANSINH_PORTAL_URL)")
    return f"{base.rstrip('/')}/auth/callback"


@router.get("/login")
def login(
    eid: Eid,
    next_path: Annotated[str, Query(alias="next", max_length=200)] = "/",
    level: Annotated[int, Query(ge=1, le=2)] = 1,
) -> RedirectResponse:
    """Send the browser to the e-ID provider with a fresh state, nonce and PKCE challenge."""
    try:
        request = eid.login_request(redirect_uri=redirect_uri(), level=level)
    except EidError as exc:
        raise PageError(502, N_("The national e-ID service is not reachable."), str(exc)) from None
    transaction = {
        "state": request.state,
        "nonce": request.nonce,
        "verifier": request.verifier,
        "level": level,
        "next": safe_next(next_path),
    }
    response = RedirectResponse(request.url, status_code=303)
    response.set_cookie(
        TRANSACTION_COOKIE,
        _serializer().dumps(transaction),
        max_age=TRANSACTION_SECONDS,
        httponly=True,
        secure=get_settings().cookie_secure,
        samesite="lax",
        path="/auth",
    )
    return response


@router.get("/callback")
def callback(request: Request, db: DbSession, eid: Eid) -> Response:
    """Check the provider's answer, redeem the code, check the ID token, open a session."""
    transaction = _transaction(request)
    params = request.query_params
    if not secrets.compare_digest(params.get("state", ""), transaction["state"]):
        raise PageError(400, N_("The login could not be completed."), N_("state does not match"))
    if params.get("iss", eid.issuer) != eid.issuer:
        raise PageError(
            400, N_("The login could not be completed."), N_("answer from another issuer")
        )
    if "error" in params:
        declined = params["error"] == "access_denied"
        detail = N_("You declined to share your data.") if declined else params["error"]
        raise PageError(400, N_("The login was cancelled at the national e-ID."), detail)
    try:
        tokens = eid.exchange(
            code=params.get("code", ""),
            redirect_uri=redirect_uri(),
            verifier=transaction["verifier"],
        )
        identity = eid.identity(str(tokens.get("id_token", "")), nonce=transaction["nonce"])
    except EidError as exc:
        raise PageError(400, N_("The login could not be completed."), str(exc)) from None
    if identity.level < transaction["level"]:
        raise PageError(
            403,
            N_("This action needs a level-2 e-ID login (identification level 2)."),
            N_("You logged in at level 1."),
        )
    person = db.scalars(
        registry.search_persons(PersonSearch(personal_id=identity.personal_id))
    ).first()
    sessions.end(db_session=db, token=request.cookies.get(sessions.COOKIE))
    token = sessions.start(
        db_session=db,
        kind="citizen",
        display_name=person.full_name if person else identity.full_name,
        level=identity.level,
        si_number=person.si_number if person else None,
    )
    usage.count(db_session=db, metric=usage.EID_LOGINS)
    response = RedirectResponse(transaction["next"], status_code=303)
    sessions.set_cookie(response, token, "citizen")
    response.delete_cookie(TRANSACTION_COOKIE, path="/auth")
    return response


@router.post("/logout")
def logout(
    request: Request, form: PostedForm, db: DbSession, session: Viewer, eid: Eid
) -> RedirectResponse:
    """End the citizen's session here, then at the provider."""
    target = "/"
    if session is not None:
        check_csrf(session, form.get("csrf"))
        sessions.end(db_session=db, token=request.cookies.get(sessions.COOKIE))
        base = get_settings().portal_base_url
        if base is not None:
            target = eid.logout_url(post_logout_redirect_uri=f"{base}/") or "/"
    response = RedirectResponse(target, status_code=303)
    sessions.clear_cookie(response)
    return response


def _transaction(request: Request) -> dict[str, Any]:
    try:
        value = _serializer().loads(
            request.cookies.get(TRANSACTION_COOKIE, ""), max_age=TRANSACTION_SECONDS
        )
    except BadSignature:
        raise PageError(
            400, N_("Your login took too long or was started elsewhere. Please log in again.")
        ) from None
    if not isinstance(value, dict):
        raise PageError(400, N_("The login could not be completed."))
    return value
