"""The employer's page for certificates of coverage: apply for a posted worker, get the PDF.

Employers have no portal account: the page takes the same API key their software uses, with the
scope `coverage:apply`, and never keeps it (no cookie, no session).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from ansinh.core.db import DbSession
from ansinh.core.errors import ProblemError
from ansinh.core.i18n import N_
from ansinh.core.security import service as clients
from ansinh.core.security.actor import Actor
from ansinh.coverage import service as coverage
from ansinh.coverage.schemas import PostingCreate
from ansinh.portal.deps import PostedForm, Viewer
from ansinh.portal.documents import pdf_response
from ansinh.portal.i18n import language_of, translate
from ansinh.portal.vocabulary import form_errors, say
from ansinh.portal.web import PageError, render

router = APIRouter(include_in_schema=False)
PAGE = "coverage/apply.html"
PURPOSE = "employer applying for a certificate of coverage in the portal"
SCOPE = "coverage:apply"
BAD_KEY = N_("The key is unknown, revoked or not allowed to apply for certificates.")
FIELDS = ("si_number", "country", "unit_code", "starts_on", "ends_on")


def _employer(db: Session, key: object) -> Actor | None:
    client = clients.authenticate(db_session=db, key=key) if isinstance(key, str) else None
    if client is None or SCOPE not in client.scopes:
        return None
    return Actor(kind="client", id=client.client_id, scopes=frozenset(client.scopes))


@router.get("/employer/coverage", response_class=HTMLResponse)
def apply_page(request: Request, viewer: Viewer) -> HTMLResponse:
    """The application form."""
    return render(request, PAGE, viewer=viewer, answers={}, problems=[])


@router.post("/employer/coverage", response_class=HTMLResponse)
def apply(request: Request, form: PostedForm, db: DbSession, viewer: Viewer) -> HTMLResponse:
    """Rule on the application and show the certificate or the reason it was refused."""
    language = language_of(request)
    answers = {name: str(form.get(name, "")) for name in FIELDS}
    actor = _employer(db, form.get("api_key"))
    if actor is None:
        problems = [translate(language, BAD_KEY)]
    else:
        try:
            posting = PostingCreate.model_validate(
                {**answers, "extension": form.get("extension") == "on"}
            )
            applied = coverage.apply(db_session=db, actor=actor, purpose=PURPOSE, posting=posting)
        except ValidationError as exc:
            problems = form_errors(exc.errors(), language)
        except ProblemError as exc:
            problems = [say(exc.detail, language) or exc.detail]
        else:
            return render(request, PAGE, viewer=viewer, answers={}, ruling=applied.certificate)
    return render(request, PAGE, 422, viewer=viewer, answers=answers, problems=problems)


@router.post("/employer/coverage/pdf")
def certificate_pdf(form: PostedForm, db: DbSession) -> Response:
    """The sealed certificate, for the employer that applied for it."""
    actor = _employer(db, form.get("api_key"))
    if actor is None:
        raise PageError(403, BAD_KEY)
    reference = str(form.get("reference", ""))
    try:
        body = coverage.read_pdf(db_session=db, actor=actor, purpose=PURPOSE, reference=reference)
    except ProblemError as exc:
        raise PageError(404, N_("Not found"), exc.detail) from None
    return pdf_response(body, reference)
