"""Back office of benefit claims: a province's queue with its clocks, a claim's dossier (evidence,
the SI book used, the engine's trace, the law), the decision verbs with maker-checker, and
long-term claims opened from a dossier.

Every read of a claimant's data goes through the claims and book verbs, audited with the officer
and the purpose; a decision's maker can never approve it, and the page says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from ansinh.benefits.claims import service as claims
from ansinh.benefits.claims.enums import ClaimantKind
from ansinh.benefits.claims.schemas import Adjustment, Refusal
from ansinh.contributions.book.service import read_si_book
from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.core.db import DbSession
from ansinh.core.errors import ProblemError
from ansinh.core.i18n import N_
from ansinh.core.security.actor import Actor
from ansinh.geo import current_provinces
from ansinh.health.evidence.service import certificates_by_serial
from ansinh.portal import claim_views
from ansinh.portal.applications import UNHANDLED, as_page
from ansinh.portal.claims import ClaimPath
from ansinh.portal.deps import PostedForm, check_csrf, officer_with
from ansinh.portal.i18n import language_of, translate
from ansinh.portal.models import Officer, PortalSession
from ansinh.portal.officers.claim_input import LONG_TERM, OpenClaim, facts_of, lines_of
from ansinh.portal.roles import allowed
from ansinh.portal.vocabulary import form_errors, say
from ansinh.portal.web import PageError, render
from ansinh.services import service as services

router = APIRouter(prefix="/officer/claims", include_in_schema=False)
OfficerSession = tuple[PortalSession, Officer]
Reader = Annotated[OfficerSession, Depends(officer_with("claims:read"))]
Maker = Annotated[OfficerSession, Depends(officer_with("claims:prepare"))]
Checker = Annotated[OfficerSession, Depends(officer_with("claims:approve"))]
ProvinceQuery = Annotated[str | None, Query(pattern=r"^\d{2}$")]
QUEUE = "officer working the benefit claims queue of a province"
NEED_REASON = N_("Write at least one reason, one per line.")


def _actor(officer: Officer) -> Actor:
    return Actor(kind="officer", id=officer.username, scopes=frozenset({officer.role}))


def _purpose(reference: str) -> str:
    return f"handling of benefit claim {reference}"


@router.get("", response_class=HTMLResponse)
def queue(request: Request, db: DbSession, who: Reader, province: ProvinceQuery = None) -> Response:
    """A province's claims waiting for a decision: soonest due first, late ones flagged."""
    code = province or get_settings().demo_province
    items = claims.queue(db, province_code=code, actor=_actor(who[1]), purpose=QUEUE)
    return render(
        request,
        "officer/claims_queue.html",
        viewer=who[0],
        waiting=items,
        province=code,
        provinces=current_provinces(),
        today=clock.today(),
    )


@router.get("/{reference}", response_class=HTMLResponse)
def dossier(request: Request, reference: ClaimPath, db: DbSession, who: Reader) -> HTMLResponse:
    """A claim's dossier: claim, evidence, the SI book used, decisions with trace and law."""
    session, officer = who
    actor, purpose = _actor(officer), _purpose(reference)
    with as_page():
        found = claims.claim_dossier(db, reference=reference, actor=actor, purpose=purpose)
    claim = found.claim
    book = read_si_book(
        db_session=db, actor=actor, si_number=claim.si_number, purpose=purpose, on=claim.period_from
    )
    pending = next((d for d in found.decisions if d.decided_at is None), None)
    language = language_of(request)
    return render(
        request,
        "officer/claim.html",
        viewer=session,
        claim=claim,
        book=book,
        certificates=certificates_by_serial(db, serials=set(claim.certificate_serials)),
        steps=claim_views.timeline(found.timeline, language),
        decisions=claim_views.decisions(found.decisions, language),
        pending=pending,
        own=pending is not None and pending.maker == f"officer:{officer.username}",
        can_prepare=allowed(officer.role, "claims:prepare"),
        can_approve=allowed(officer.role, "claims:approve"),
        hold=claim_views.said(claim.hold_reason, language) or claim.hold_reason,
    )


def _back(reference: str) -> RedirectResponse:
    return RedirectResponse(f"/officer/claims/{reference}", status_code=303)


@router.post("/{reference}/decide")
def decide(reference: ClaimPath, form: PostedForm, db: DbSession, who: Maker) -> Response:
    """Compute a received claim with the engine: final where the law allows, else for a checker."""
    check_csrf(who[0], form.get("csrf"))
    with as_page():
        claims.decide(db, reference=reference, actor=_actor(who[1]), purpose=_purpose(reference))
    return _back(reference)


@router.post("/{reference}/approve")
def approve(reference: ClaimPath, form: PostedForm, db: DbSession, who: Checker) -> Response:
    """Put another officer's decision in force (the maker cannot: four eyes)."""
    check_csrf(who[0], form.get("csrf"))
    with as_page():
        claims.approve(db, reference=reference, actor=_actor(who[1]), purpose=_purpose(reference))
    return _back(reference)


def _reasons(form: PostedForm) -> Refusal:
    reasons = lines_of(form.get("reasons"))
    if not reasons:
        raise PageError(422, NEED_REASON)
    return Refusal(reasons=reasons)


def _with_reasons(
    verb: Callable[..., object],
    reference: str,
    form: PostedForm,
    db: DbSession,
    who: OfficerSession,
) -> Response:
    """Run a refusing verb (refuse, revoke) with the reasons typed on the form."""
    check_csrf(who[0], form.get("csrf"))
    refusal = _reasons(form)
    with as_page():
        verb(
            db,
            reference=reference,
            refusal=refusal,
            actor=_actor(who[1]),
            purpose=_purpose(reference),
        )
    return _back(reference)


@router.post("/{reference}/refuse")
def refuse(reference: ClaimPath, form: PostedForm, db: DbSession, who: Maker) -> Response:
    """Refuse a claim not yet decided, with reasons the claimant reads."""
    return _with_reasons(claims.refuse, reference, form, db, who)


@router.post("/{reference}/revoke")
def revoke(reference: ClaimPath, form: PostedForm, db: DbSession, who: Maker) -> Response:
    """Propose revoking a granted claim, for a checker."""
    return _with_reasons(claims.revoke, reference, form, db, who)


@router.post("/{reference}/adjust")
def adjust(reference: ClaimPath, form: PostedForm, db: DbSession, who: Maker) -> Response:
    """Recompute a granted claim with corrected facts: a new decision for a checker."""
    check_csrf(who[0], form.get("csrf"))
    reason = " ".join(lines_of(form.get("reason")))
    try:
        adjustment = Adjustment(facts=facts_of(form.get("facts")), reason=reason)
    except ValueError:
        raise PageError(422, N_("Write each fact as a name = value line, and why.")) from None
    with as_page():
        claims.adjust(
            db,
            reference=reference,
            adjustment=adjustment,
            actor=_actor(who[1]),
            purpose=_purpose(reference),
        )
    return _back(reference)


def _open_form(
    request: Request, session: PortalSession, answers: dict[str, str], problems: list[str]
) -> HTMLResponse:
    return render(
        request,
        "officer/claim_open.html",
        422 if problems else 200,
        viewer=session,
        answers=answers,
        problems=problems,
        branches=LONG_TERM,
        banks=services.banks(),
    )


@router.get("/new/long-term", response_class=HTMLResponse)
def open_form(request: Request, who: Maker) -> HTMLResponse:
    """The form opening a pension, survivors' or work-injury claim from a dossier."""
    return _open_form(request, who[0], {}, [])


@router.post("/new/long-term", response_model=None)
def open_claim(request: Request, form: PostedForm, db: DbSession, who: Maker) -> Response:
    """Open the long-term claim: filed by the officer, computed, then checked by another."""
    session, officer = who
    check_csrf(session, form.get("csrf"))
    answers = {k: str(v) for k, v in form.items() if k != "csrf"}
    language = language_of(request)
    fields = {k: v for k, v in answers.items() if k != "facts" and v.strip()}
    try:
        line = OpenClaim.model_validate(fields).line(facts_of(answers.get("facts")))
        opened = claims.file_claim(
            db,
            line=line,
            claimant_kind=ClaimantKind.OFFICER,
            received_on=clock.today(),
            actor=_actor(officer),
            purpose="officer opening a long-term benefit claim from a dossier",
        )
    except ValidationError as exc:
        problems = form_errors(exc.errors(), language)
    except ValueError:
        problems = [translate(language, N_("Write each fact as a name = value line, and why."))]
    except ProblemError as exc:
        said = [say(part, language) or part for part in exc.detail.split("; ")]
        problems = said or [translate(language, UNHANDLED)]
    else:
        return _back(opened.reference)
    return _open_form(request, session, answers, problems)
