"""Online-services pages: the catalogue, a service's form, my applications and their timeline."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from ansinh.core.db import DbSession
from ansinh.core.errors import ProblemError
from ansinh.core.i18n import N_
from ansinh.core.pagination import PageParams, fetch_page
from ansinh.documents import service as documents
from ansinh.portal.deps import OWN_READ, Citizen, Viewer, check_csrf, citizen_actor, insured
from ansinh.portal.documents import DOWNLOAD, pdf_response
from ansinh.portal.i18n import language_of, translate
from ansinh.portal.models import PortalSession
from ansinh.portal.vocabulary import form_errors, say
from ansinh.portal.web import LoginRequired, PageError, render
from ansinh.registry import service as registry
from ansinh.services import service
from ansinh.services.catalogue import catalogue
from ansinh.services.exceptions import LevelTooLow
from ansinh.services.schemas import OnlineService

router = APIRouter(include_in_schema=False)
UNHANDLED = N_("Your request could not be handled.")
CodePath = Annotated[str, Path(pattern=r"^[A-Z-]{3,32}$")]
ReferencePath = Annotated[str, Path(pattern=r"^HS-[2-9A-HJ-NP-Z]{10}$")]
CHANNELS = {
    "vi": {"portal": "Cổng dịch vụ công", "eid_app": "Ứng dụng VNeID", "counter": "Tại quầy"},
    "en": {"portal": "Web portal", "eid_app": "VNeID app", "counter": "At the counter"},
}


@contextmanager
def as_page() -> Iterator[None]:
    """Show a service's refusal as a page instead of problem+json."""
    try:
        yield
    except ProblemError as exc:
        raise PageError(exc.status, UNHANDLED, exc.detail) from None


@router.get("/services", response_class=HTMLResponse)
def services_page(request: Request, viewer: Viewer) -> HTMLResponse:
    """The catalogue of online services."""
    channel_names = CHANNELS[language_of(request)]
    return render(
        request,
        "services/catalogue.html",
        viewer=viewer,
        services=list(catalogue().values()),
        channel_names=channel_names,
    )


def _form_context(db: Session, online: OnlineService, viewer: PortalSession) -> dict[str, Any]:
    if online.code != "HI-FACILITY":
        return {}
    from ansinh.health.cards.service import primary_care_facilities

    person = registry.read_person(
        db_session=db, si_number=insured(viewer), actor=citizen_actor(viewer), purpose=OWN_READ
    )
    return {
        "facilities": primary_care_facilities(db_session=db, province_code=person.province_code)
    }


def _service_for(request: Request, code: str, viewer: PortalSession) -> OnlineService:
    with as_page():
        online = service.get_service(code)
    if viewer.level < online.min_level:
        raise LoginRequired("/auth/login", request.url.path, level=online.min_level)
    return online


@router.get("/services/{code}", response_class=HTMLResponse)
def service_form(request: Request, code: CodePath, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """A service's application form (a level-2 service first asks for a level-2 login)."""
    online = _service_for(request, code, viewer)
    context = _form_context(db, online, viewer)
    return render(
        request, "services/form.html", viewer=viewer, service=online, answers={}, **context
    )


@router.post("/services/{code}", response_model=None)
async def submit(request: Request, code: CodePath, db: DbSession, viewer: Citizen) -> Response:
    """File the application and show it."""
    online = _service_for(request, code, viewer)
    form = await request.form()
    check_csrf(viewer, form.get("csrf"))
    answers = {k: str(v) for k, v in form.items() if k != "csrf"}
    language = language_of(request)
    try:
        if online.form is not None:
            online.form.model_validate(answers)
        application = service.submit(
            db_session=db,
            service=online,
            si_number=insured(viewer),
            level=viewer.level,
            answers=answers,
            actor=citizen_actor(viewer),
        )
    except LevelTooLow as exc:
        raise LoginRequired("/auth/login", request.url.path, level=exc.needed) from None
    except ValidationError as exc:
        problems = form_errors(exc.errors(), language)
    except ProblemError as exc:
        problems = [say(exc.detail, language) or translate(language, UNHANDLED)]
    else:
        return RedirectResponse(f"/me/applications/{application.reference}", status_code=303)
    context = _form_context(db, online, viewer)
    return render(
        request,
        "services/form.html",
        422,
        viewer=viewer,
        service=online,
        answers=answers,
        problems=problems,
        **context,
    )


def service_names(request: Request) -> dict[str, str]:
    """Service names by code in the visitor's language."""
    language = language_of(request)
    return {code: s.name[language] for code, s in catalogue().items()}


@router.get("/me/applications", response_class=HTMLResponse)
def my_applications(request: Request, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """My applications, newest first."""
    statement = service.list_for_person(si_number=insured(viewer))
    rows, _ = fetch_page(db, statement, PageParams(page=1, size=100))
    return render(
        request,
        "services/applications.html",
        viewer=viewer,
        applications=rows,
        names=service_names(request),
    )


@router.get("/me/applications/{reference}", response_class=HTMLResponse)
def my_application(
    request: Request, reference: ReferencePath, db: DbSession, viewer: Citizen
) -> HTMLResponse:
    """One of my applications with its timeline and result."""
    with as_page():
        application = service.get_for_person(
            db_session=db, si_number=insured(viewer), reference=reference
        )
    name = service_names(request).get(application.service_code, application.service_code)
    return render(request, "services/application.html", viewer=viewer, a=application, name=name)


@router.get("/me/applications/{reference}/document")
def my_document(reference: ReferencePath, db: DbSession, viewer: Citizen) -> Response:
    """The PDF an application produced, as issued."""
    with as_page():
        application = service.get_for_person(
            db_session=db, si_number=insured(viewer), reference=reference
        )
    document_id = (application.result or {}).get("document_id")
    if not isinstance(document_id, str):
        raise PageError(404, N_("This application has no document."))
    with as_page():
        body = documents.read_pdf(
            db_session=db,
            actor=citizen_actor(viewer),
            si_number=insured(viewer),
            document_id=document_id,
            purpose=DOWNLOAD,
        )
    return pdf_response(body, f"{reference}-{document_id}")
