"""Citizen pages of benefit claims: my claims and decisions, filing a claim, the decision as a PDF.

The SI number comes from the session, never the URL; a claim's reference in the URL opens only the
logged-in person's own claim. Filing asks for an e-ID level-2 login, as the online services that
move money do.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from ansinh.benefits.claims import service as claims
from ansinh.benefits.claims.enums import ClaimantKind
from ansinh.benefits.claims.schemas import ClaimDossier
from ansinh.core import clock
from ansinh.core.db import DbSession
from ansinh.core.errors import ProblemError
from ansinh.core.i18n import N_
from ansinh.documents import service as documents
from ansinh.portal import claim_views
from ansinh.portal.applications import UNHANDLED, as_page
from ansinh.portal.claim_forms import ACCOUNT_NEEDED, KINDS, CitizenClaim, missing_account, to_line
from ansinh.portal.decision_paper import paper
from ansinh.portal.deps import OWN_READ, Citizen, PostedForm, check_csrf, citizen_actor, insured
from ansinh.portal.documents import DOWNLOAD, pdf_response
from ansinh.portal.i18n import language_of, translate
from ansinh.portal.models import PortalSession
from ansinh.portal.vocabulary import form_errors, say
from ansinh.portal.web import LoginRequired, PageError, render
from ansinh.services import service as services

router = APIRouter(include_in_schema=False)
ClaimPath = Annotated[str, Path(pattern=r"^CD-[0-9A-F]{12}$")]
KindPath = Annotated[str, Path(pattern=r"^[a-z-]{3,32}$")]
FILING = "citizen filing their own benefit claim in the portal"
LEVEL = 2


@router.get("/me/claims", response_class=HTMLResponse)
def my_claims(request: Request, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """My benefit claims, newest first, and the claims I can file myself."""
    found = claims.claims_of_person(
        db, si_number=insured(viewer), actor=citizen_actor(viewer), purpose=OWN_READ
    )
    return render(request, "claims/mine.html", viewer=viewer, claims=found, kinds=KINDS)


def _dossier(db: DbSession, viewer: PortalSession, reference: str, purpose: str) -> ClaimDossier:
    with as_page():
        return claims.claim_dossier(
            db,
            reference=reference,
            si_number=insured(viewer),
            actor=citizen_actor(viewer),
            purpose=purpose,
        )


@router.get("/me/claims/{reference}", response_class=HTMLResponse)
def my_claim(
    request: Request, reference: ClaimPath, db: DbSession, viewer: Citizen
) -> HTMLResponse:
    """One of my claims: its status timeline and its decisions."""
    dossier = _dossier(db, viewer, reference, OWN_READ)
    language = language_of(request)
    return render(
        request,
        "claims/claim.html",
        viewer=viewer,
        claim=dossier.claim,
        hold=claim_views.said(dossier.claim.hold_reason, language),
        steps=claim_views.timeline(dossier.timeline, language),
        decisions=claim_views.decisions(dossier.decisions, language),
    )


@router.get("/me/claims/{reference}/decision.pdf")
def my_decision(reference: ClaimPath, db: DbSession, viewer: Citizen) -> Response:
    """The decision in force on my claim as a sealed PDF (a new copy, dated now)."""
    dossier = _dossier(db, viewer, reference, DOWNLOAD)
    decided = [d for d in dossier.decisions if d.decided_at is not None]
    if not decided:
        raise PageError(404, N_("This claim has no decision yet."))
    issued = documents.issue_claim_decision(
        db_session=db,
        actor=citizen_actor(viewer),
        si_number=insured(viewer),
        paper=paper(dossier.claim, decided[0]),
        purpose=DOWNLOAD,
    )
    return pdf_response(issued.pdf, f"quyet-dinh-{reference}-{issued.document_id}")


def _kind(request: Request, kind: str, viewer: PortalSession) -> CitizenClaim:
    found = KINDS.get(kind)
    if found is None:
        raise PageError(404, N_("No claim of that kind can be filed online."))
    if viewer.level < LEVEL:
        raise LoginRequired("/auth/login", request.url.path, level=LEVEL)
    return found


def _form(
    request: Request,
    viewer: PortalSession,
    kind: str,
    answers: dict[str, str],
    problems: list[str] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "claims/file.html",
        422 if problems else 200,
        viewer=viewer,
        code=kind,
        kind=KINDS[kind],
        answers=answers,
        problems=problems,
        banks=services.banks(),
        today=clock.today(),
    )


@router.get("/me/claims/new/{kind}", response_class=HTMLResponse)
def claim_form(request: Request, kind: KindPath, viewer: Citizen) -> HTMLResponse:
    """The form of a claim I can file (after a level-2 e-ID login)."""
    _kind(request, kind, viewer)
    return _form(request, viewer, kind, {})


def _problems(chosen: CitizenClaim, answers: dict[str, str], language: str) -> list[str]:
    """Why the answers cannot be filed, said in `language` (empty when they can)."""
    given = {k: v for k, v in answers.items() if v.strip()}
    try:
        form = chosen.form.model_validate(given)
    except ValidationError as exc:
        return form_errors(exc.errors(), language)
    return [translate(language, ACCOUNT_NEEDED)] if missing_account(form) else []


@router.post("/me/claims/new/{kind}", response_model=None)
def file_claim(
    request: Request, kind: KindPath, form: PostedForm, db: DbSession, viewer: Citizen
) -> Response:
    """File the claim and show it (reasons in words when it cannot be filed)."""
    chosen = _kind(request, kind, viewer)
    check_csrf(viewer, form.get("csrf"))
    answers = {k: str(v) for k, v in form.items() if k != "csrf"}
    language = language_of(request)
    problems = _problems(chosen, answers, language)
    if problems:
        return _form(request, viewer, kind, answers, problems)
    checked = chosen.form.model_validate({k: v for k, v in answers.items() if v.strip()})
    today = clock.today()
    line = to_line(chosen, checked, si_number=insured(viewer), today=today)
    try:
        filed = claims.file_claim(
            db,
            line=line,
            claimant_kind=ClaimantKind.CITIZEN,
            received_on=today,
            actor=citizen_actor(viewer),
            purpose=FILING,
        )
    except ProblemError as exc:
        said = [say(part, language) for part in exc.detail.split("; ")]
        reasons = [s for s in said if s] or [translate(language, UNHANDLED)]
        return _form(request, viewer, kind, answers, reasons)
    return RedirectResponse(f"/me/claims/{filed.reference}", status_code=303)
