"""Unemployment benefit pages: the citizen's claims, filing, monthly notices; officers' holds.

The SI number comes from the session; a claim's id in a URL acts only on the logged-in person's
own claim. Filing asks for an e-ID level-2 login, as the online services that move money do.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from ansinh.core import clock
from ansinh.core.db import DbSession
from ansinh.core.errors import ProblemError
from ansinh.core.i18n import N_
from ansinh.geo import current_provinces
from ansinh.portal.deps import (
    OWN_READ,
    Citizen,
    PostedForm,
    check_csrf,
    citizen_actor,
    insured,
    officer_actor,
    officer_with,
)
from ansinh.portal.i18n import language_of
from ansinh.portal.models import Officer, PortalSession
from ansinh.portal.vocabulary import form_errors
from ansinh.portal.web import LoginRequired, render
from ansinh.rules.history import month_start
from ansinh.unemployment import service as unemployment
from ansinh.unemployment.schemas import ClaimIn

router = APIRouter(include_in_schema=False)
HoldsReader = Annotated[tuple[PortalSession, Officer], Depends(officer_with("claims:read"))]
HoldsDecider = Annotated[tuple[PortalSession, Officer], Depends(officer_with("claims:approve"))]
FILING = "citizen filing their unemployment benefit claim in the portal"
HOLDS = "officer reviewing unemployment benefits held for a check"
LEVEL = 2
PAGE = "/me/unemployment"
STATUSES = {
    "filed": N_("Filed"),
    "forwarded": N_("Sent to the employment centre"),
    "granted": N_("Granted"),
    "incomplete": N_("File incomplete"),
    "refused": N_("Refused"),
    "suspended": N_("Suspended"),
    "ended": N_("Ended"),
    "reserved": N_("Months reserved"),
}
REASONS = {
    "amount_mismatch": N_("The centre's amount differs from ours"),
    "termination_ground": N_("A new job, a pension or a death was noticed"),
}
OVERPAID_BY = {
    "new_job": N_("a new job"),
    "pension": N_("a pension"),
    "death": N_("a death"),
    "termination": N_("the centre's termination decision"),
}


def _page(
    request: Request,
    db: DbSession,
    viewer: PortalSession,
    answers: dict[str, str] | None = None,
    problems: list[str] | None = None,
) -> HTMLResponse:
    claims = unemployment.claims_of(
        db_session=db, si_number=insured(viewer), actor=citizen_actor(viewer), purpose=OWN_READ
    )
    months = unemployment.months_of(
        db_session=db, si_number=insured(viewer), actor=citizen_actor(viewer), purpose=OWN_READ
    )
    return render(
        request,
        "unemployment/mine.html",
        422 if problems else 200,
        viewer=viewer,
        claims=claims,
        provinces=current_provinces(),
        answers=answers or {},
        problems=problems,
        today=clock.today(),
        statuses=STATUSES,
        months=months,
        overpaid_by=OVERPAID_BY,
    )


@router.get(PAGE, response_class=HTMLResponse)
def my_unemployment(request: Request, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """My unemployment claims with their status, the claim form and the monthly notice."""
    return _page(request, db, viewer)


@router.post(PAGE, response_model=None)
def file_claim(request: Request, form: PostedForm, db: DbSession, viewer: Citizen) -> Response:
    """File a claim (level 2); the reasons in words when it cannot be filed."""
    if viewer.level < LEVEL:
        raise LoginRequired("/auth/login", PAGE, level=LEVEL)
    check_csrf(viewer, form.get("csrf"))
    answers = {k: str(v) for k, v in form.items() if k != "csrf"}
    try:
        claim_in = ClaimIn.model_validate(answers)
    except ValidationError as exc:
        return _page(request, db, viewer, answers, form_errors(exc.errors(), language_of(request)))
    try:
        unemployment.file_claim(
            db_session=db,
            si_number=insured(viewer),
            claim_in=claim_in,
            actor=citizen_actor(viewer),
            purpose=FILING,
        )
    except ProblemError as exc:
        return _page(request, db, viewer, answers, [exc.detail])
    return RedirectResponse(PAGE, status_code=303)


@router.post(PAGE + "/{claim_id}/notice", response_model=None)
def notice(claim_id: uuid.UUID, form: PostedForm, db: DbSession, viewer: Citizen) -> Response:
    """Make this month's job-search notice for one of my claims."""
    check_csrf(viewer, form.get("csrf"))
    unemployment.file_notice(
        db_session=db,
        si_number=insured(viewer),
        claim_id=claim_id,
        month=month_start(clock.today()),
        actor=citizen_actor(viewer),
        purpose=FILING,
    )
    return RedirectResponse(PAGE, status_code=303)


@router.get("/officer/unemployment", response_class=HTMLResponse)
def holds(request: Request, db: DbSession, who: HoldsReader) -> HTMLResponse:
    """Benefits held for an officer (a centre's amount differing from ours, or a ground), and
    benefit months paid late, unpaid past their due day, or overpaid."""
    actor = officer_actor(who[1])
    held = unemployment.held(db_session=db, actor=actor, purpose=HOLDS)
    watched = unemployment.watch(db_session=db, actor=actor, purpose=HOLDS)
    return render(
        request,
        "officer/unemployment.html",
        viewer=who[0],
        held=held,
        reasons=REASONS,
        months=watched,
        overpaid_by=OVERPAID_BY,
        figures=unemployment.figures(db_session=db),
        today=clock.today(),
    )


@router.post("/officer/unemployment/{entitlement_id}", response_model=None)
def release(
    entitlement_id: uuid.UUID, form: PostedForm, db: DbSession, who: HoldsDecider
) -> Response:
    """Pay a held benefit at the amount the officer chose."""
    check_csrf(who[0], form.get("csrf"))
    chosen: Literal["centre", "ours"] = "ours" if form.get("amount") == "ours" else "centre"
    unemployment.release(
        db_session=db,
        entitlement_id=entitlement_id,
        amount=chosen,
        actor=officer_actor(who[1]),
        purpose=HOLDS,
    )
    return RedirectResponse("/officer/unemployment", status_code=303)
