"""Back office: officers log in with a local account, take applications into review, decide them.

Opening an application shows the applicant's data, so it is recorded in the audit log with the
officer and the purpose; roles decide who may review and who may decide.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ansinh.core import clock
from ansinh.core.db import DbSession
from ansinh.core.i18n import N_
from ansinh.core.offload import hashing
from ansinh.core.pagination import PageParams, fetch_page
from ansinh.core.security.actor import Actor
from ansinh.geo import current_provinces
from ansinh.portal import sessions
from ansinh.portal.applications import ReferencePath, as_page, service_names
from ansinh.portal.deps import (
    PostedForm,
    Viewer,
    check_csrf,
    check_login_csrf,
    login_csrf_token,
    officer_with,
    set_login_csrf,
)
from ansinh.portal.models import Officer, PortalSession
from ansinh.portal.officers import service as officers
from ansinh.portal.officers import throttle
from ansinh.portal.roles import allowed
from ansinh.portal.web import PageError, render
from ansinh.services import service

router = APIRouter(prefix="/officer", include_in_schema=False)
OfficerSession = tuple[PortalSession, Officer]
Reader = Annotated[OfficerSession, Depends(officer_with("applications:read"))]
ReviewerOnly = Annotated[OfficerSession, Depends(officer_with("applications:review"))]
Decider = Annotated[OfficerSession, Depends(officer_with("applications:decide"))]
Supervisor = Annotated[OfficerSession, Depends(officer_with("applications:reassign"))]
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
    """Check the officer's password and open an officer session; throttled by account and address.

    Async so the argon2 check can wait for a hashing thread without holding a worker thread (or
    a database connection): the database steps run on worker threads, the hash on its own.
    """
    form = await request.form()
    check_login_csrf(request, form.get("csrf"))
    client = request.client
    attempt = throttle.Attempt(
        username=str(form.get("username", ""))[:64],
        address=client.host if client is not None else "unknown",
    )
    password = str(form.get("password", ""))[:256]
    wait, stored = await run_in_threadpool(_before_check, db, attempt)
    if wait:
        return _login_page(request, 429, wait=math.ceil(wait))
    matched = await hashing(officers.password_matches, stored, password)
    return await run_in_threadpool(_after_check, request, db, attempt, password, matched)


def _before_check(db: Session, attempt: throttle.Attempt) -> tuple[float, str]:
    wait = throttle.wait_seconds(db_session=db, attempt=attempt)
    stored = "" if wait else officers.stored_hash(db_session=db, username=attempt.username)
    db.commit()  # hand the connection back while the hash is checked
    return wait, stored


def _after_check(
    request: Request, db: Session, attempt: throttle.Attempt, password: str, matched: bool
) -> Response:
    account = officers.finish_login(
        db_session=db, username=attempt.username, password=password, matched=matched
    )
    throttle.record(db_session=db, attempt=attempt, succeeded=account is not None)
    if account is None:
        return _login_page(request, 401)
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


def _login_page(request: Request, status: int, *, wait: int = 0) -> HTMLResponse:
    token = login_csrf_token(request)
    page = render(
        request,
        "officer/login.html",
        status,
        viewer=None,
        failed=status == 401,
        wait=wait,
        login_csrf=token,
    )
    if wait:
        page.headers["Retry-After"] = str(wait)
    return page


@router.post("/logout")
def logout(request: Request, form: PostedForm, db: DbSession, session: Viewer) -> RedirectResponse:
    """End the officer's session."""
    if session is not None:
        check_csrf(session, form.get("csrf"))
        sessions.end(db_session=db, token=request.cookies.get(sessions.COOKIE))
    response = RedirectResponse("/officer/login", status_code=303)
    sessions.clear_cookie(response)
    return response


@router.get("", response_class=HTMLResponse)
def queue(
    request: Request,
    db: DbSession,
    who: Reader,
    province: Annotated[str, Query(pattern=r"^(\d{2})?$")] = "",
    code: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    """Applications waiting for an officer, soonest deadline first (no personal data listed)."""
    statement = service.queue(province_code=province or None, service_code=code or None)
    rows, _ = fetch_page(db, statement, PageParams(page=1, size=200))
    return render(
        request,
        "officer/queue.html",
        viewer=who[0],
        applications=rows,
        names=service_names(request),
        overdue={a.reference for a in rows if service.is_overdue(a)},
        today=clock.today(),
        provinces=current_provinces(),
        province=province,
        code=code,
    )


@router.get("/supervisor", response_class=HTMLResponse)
def supervisor(request: Request, db: DbSession, who: Supervisor) -> HTMLResponse:
    """The supervisor's view: overdue applications, and open ones per officer."""
    statement = service.queue(overdue_on=clock.today())
    overdue, _ = fetch_page(db, statement, PageParams(page=1, size=500))
    everything, _ = fetch_page(db, service.queue(), PageParams(page=1, size=1000))
    load: dict[str, int] = {}
    for a in everything:
        load[a.assignee or ""] = load.get(a.assignee or "", 0) + 1
    return render(
        request,
        "officer/supervisor.html",
        viewer=who[0],
        overdue=overdue,
        load=sorted(load.items()),
        names=service_names(request),
        today=clock.today(),
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
    procedure = service.get_procedure(found.service_code)
    return render(
        request,
        "officer/application.html",
        viewer=session,
        a=found,
        person=person,
        procedure=procedure,
        name=service_names(request).get(found.service_code, found.service_code),
        overdue=service.is_overdue(found),
        can_review=allowed(officer.role, "applications:review"),
        can_decide=allowed(officer.role, "applications:decide"),
        can_reassign=allowed(officer.role, "applications:reassign"),
        me=officer.username,
    )


@router.get("/applications/{reference}/attachments/{attachment_id}")
def attachment(
    reference: ReferencePath,
    attachment_id: Annotated[int, Path(ge=1)],
    db: DbSession,
    who: Reader,
) -> Response:
    """One document the applicant sent, as sent (the read is audited)."""
    with as_page():
        found = service.read_attachment(
            db_session=db,
            actor=_actor(who[1]),
            reference=reference,
            attachment_id=attachment_id,
            purpose=f"review of online service application {reference}",
        )
    return Response(
        found.content,
        media_type=found.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{reference}-{attachment_id}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _step(
    reference: str, form: PostedForm, db: Session, who: OfficerSession, step: str
) -> RedirectResponse:
    """Carry out one officer's step on an application, then show the application again."""
    session, officer = who
    check_csrf(session, form.get("csrf"))
    note = str(form.get("note", "")).strip()[:500]
    actor = _actor(officer)
    with as_page():
        found = service.get_by_reference(db_session=db, reference=reference)
        if step == "review":
            service.take_into_review(db_session=db, application=found, actor=actor)
        elif step == "request":
            service.request_documents(db_session=db, application=found, actor=actor, note=note)
        elif step == "confirm":
            service.confirm(db_session=db, application=found, actor=actor)
        elif step == "send-back":
            service.send_back(db_session=db, application=found, actor=actor, note=note)
        elif step == "reassign":
            to = str(form.get("to", "")).strip()
            if not to:
                raise PageError(400, N_("Name the officer to give the application to."))
            service.reassign(db_session=db, application=found, actor=actor, to=to[:64])
    return RedirectResponse(f"/officer/applications/{reference}", status_code=303)


@router.post("/applications/{reference}/review")
def review(
    reference: ReferencePath, form: PostedForm, db: DbSession, who: ReviewerOnly
) -> RedirectResponse:
    """Take a submitted application into review."""
    return _step(reference, form, db, who, "review")


@router.post("/applications/{reference}/request-documents")
def request_documents(
    reference: ReferencePath, form: PostedForm, db: DbSession, who: ReviewerOnly
) -> RedirectResponse:
    """Ask the applicant for missing documents (the deadline pauses)."""
    return _step(reference, form, db, who, "request")


@router.post("/applications/{reference}/confirm")
def confirm(
    reference: ReferencePath, form: PostedForm, db: DbSession, who: Decider
) -> RedirectResponse:
    """Confirm a decision another officer proposed."""
    return _step(reference, form, db, who, "confirm")


@router.post("/applications/{reference}/send-back")
def send_back(
    reference: ReferencePath, form: PostedForm, db: DbSession, who: Decider
) -> RedirectResponse:
    """Return a proposed decision to review."""
    return _step(reference, form, db, who, "send-back")


@router.post("/applications/{reference}/reassign")
def reassign(
    reference: ReferencePath, form: PostedForm, db: DbSession, who: Supervisor
) -> RedirectResponse:
    """Give an open application to another officer."""
    return _step(reference, form, db, who, "reassign")


@router.post("/applications/{reference}/decide")
def decide(
    reference: ReferencePath, form: PostedForm, db: DbSession, who: Decider
) -> RedirectResponse:
    """Approve (the procedure's verb is carried out) or reject; some need a second officer."""
    session, officer = who
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
