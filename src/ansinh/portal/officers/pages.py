"""Back office: officers log in with a local account, take applications into review, decide them.

Opening an application shows the applicant's data, so it is recorded in the audit log with the
officer and the purpose; roles decide who may review and who may decide.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ansinh.core.db import DbSession
from ansinh.core.i18n import N_
from ansinh.core.pagination import PageParams, fetch_page
from ansinh.core.security.actor import Actor
from ansinh.portal import sessions
from ansinh.portal.applications import ReferencePath, as_page, service_names
from ansinh.portal.deps import (
    Viewer,
    check_csrf,
    check_login_csrf,
    login_csrf_token,
    officer_with,
    set_login_csrf,
)
from ansinh.portal.models import Officer, PortalSession
from ansinh.portal.officers import service as officers
from ansinh.portal.roles import allowed
from ansinh.portal.web import PageError, render
from ansinh.services import service

router = APIRouter(prefix="/officer", include_in_schema=False)
OfficerSession = tuple[PortalSession, Officer]
Reader = Annotated[OfficerSession, Depends(officer_with("applications:read"))]
ReviewerOnly = Annotated[OfficerSession, Depends(officer_with("applications:review"))]
Decider = Annotated[OfficerSession, Depends(officer_with("applications:decide"))]
AccountsReader = Annotated[OfficerSession, Depends(officer_with("officers:read"))]


def _actor(officer: Officer) -> Actor:
    return Actor(kind="officer", id=officer.username, scopes=frozenset({officer.role}))


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, viewer: Viewer) -> HTMLResponse:
    """The officers' login form, with its CSRF token in a hidden field and a cookie."""
    token = login_csrf_token(request)
    page = render(request, "officer/login.html", viewer=viewer, failed=False, login_csrf=token)
    set_login_csrf(page, token)
    return page


@router.post("/login", response_model=None)
async def login(request: Request, db: DbSession) -> Response:
    """Check the officer's password (argon2) and open an officer session."""
    form = await request.form()
    check_login_csrf(request, form.get("csrf"))
    account = officers.authenticate(
        db_session=db,
        username=str(form.get("username", ""))[:64],
        password=str(form.get("password", ""))[:256],
    )
    if account is None:
        token = login_csrf_token(request)
        return render(
            request, "officer/login.html", 401, viewer=None, failed=True, login_csrf=token
        )
    sessions.end(db_session=db, token=request.cookies.get(sessions.COOKIE))
    token = sessions.start(
        db_session=db,
        kind="officer",
        display_name=account.full_name,
        level=0,
        officer=account.username,
    )
    target = "/officer/accounts" if account.role == "admin" else "/officer"
    response = RedirectResponse(target, status_code=303)
    sessions.set_cookie(response, token, "officer")
    return response


@router.post("/logout")
async def logout(request: Request, db: DbSession, session: Viewer) -> RedirectResponse:
    """End the officer's session."""
    if session is not None:
        check_csrf(session, (await request.form()).get("csrf"))
        sessions.end(db_session=db, token=request.cookies.get(sessions.COOKIE))
    response = RedirectResponse("/officer/login", status_code=303)
    sessions.clear_cookie(response)
    return response


@router.get("", response_class=HTMLResponse)
def queue(request: Request, db: DbSession, who: Reader) -> HTMLResponse:
    """Applications waiting for an officer (no personal data in the list)."""
    rows, _ = fetch_page(db, service.queue(), PageParams(page=1, size=200))
    return render(
        request,
        "officer/queue.html",
        viewer=who[0],
        applications=rows,
        names=service_names(request),
    )


@router.get("/applications/{reference}", response_class=HTMLResponse)
def application(
    request: Request, reference: ReferencePath, db: DbSession, who: Reader
) -> HTMLResponse:
    """One application with the applicant's identity (the read is audited)."""
    session, officer = who
    with as_page():
        found, person = service.read_for_review(
            db_session=db,
            actor=_actor(officer),
            reference=reference,
            purpose=f"review of online service application {reference}",
        )
    return render(
        request,
        "officer/application.html",
        viewer=session,
        a=found,
        person=person,
        name=service_names(request).get(found.service_code, found.service_code),
        can_review=allowed(officer.role, "applications:review"),
        can_decide=allowed(officer.role, "applications:decide"),
    )


@router.post("/applications/{reference}/review")
async def review(
    request: Request, reference: ReferencePath, db: DbSession, who: ReviewerOnly
) -> RedirectResponse:
    """Take a submitted application into review."""
    session, officer = who
    check_csrf(session, (await request.form()).get("csrf"))
    with as_page():
        found = service.get_by_reference(db_session=db, reference=reference)
        service.take_into_review(db_session=db, application=found, actor=_actor(officer))
    return RedirectResponse(f"/officer/applications/{reference}", status_code=303)


@router.post("/applications/{reference}/decide")
async def decide(
    request: Request, reference: ReferencePath, db: DbSession, who: Decider
) -> RedirectResponse:
    """Approve (the service is carried out) or reject an application in review."""
    session, officer = who
    form = await request.form()
    check_csrf(session, form.get("csrf"))
    decision = form.get("decision")
    if decision not in ("approve", "reject"):
        raise PageError(400, N_("Choose to approve or to reject."))
    note = str(form.get("note", "")).strip()[:500] or None
    with as_page():
        found = service.get_by_reference(db_session=db, reference=reference)
        service.decide(
            db_session=db,
            application=found,
            actor=_actor(officer),
            approve=decision == "approve",
            note=note,
        )
    return RedirectResponse(f"/officer/applications/{reference}", status_code=303)


@router.get("/accounts", response_class=HTMLResponse)
def accounts(request: Request, db: DbSession, who: AccountsReader) -> HTMLResponse:
    """The officer accounts and their roles (no passwords, no personal data)."""
    return render(
        request,
        "officer/accounts.html",
        viewer=who[0],
        officers=officers.list_officers(db_session=db),
    )
