"""Online-services pages: the catalogue, a procedure's form (drawn from its JSON Schema), my
applications with their timeline, completing a file, withdrawing.

No page code per procedure: the form is the catalogue entry's JSON Schema; choices named by
`x-options` (banks, provinces, communes, facilities) are filled in here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from ansinh.core import clock
from ansinh.core.db import DbSession
from ansinh.core.domains import present
from ansinh.core.errors import ProblemError
from ansinh.core.i18n import N_
from ansinh.core.pagination import PageParams, fetch_page
from ansinh.documents import service as documents
from ansinh.geo import communes_of, current_provinces
from ansinh.portal.deps import (
    OWN_READ,
    Citizen,
    PostedForm,
    Viewer,
    check_csrf,
    citizen_actor,
    insured,
)
from ansinh.portal.documents import DOWNLOAD, pdf_response
from ansinh.portal.i18n import language_of, translate
from ansinh.portal.models import PortalSession
from ansinh.portal.vocabulary import say
from ansinh.portal.web import LoginRequired, PageError, render
from ansinh.registry import service as registry
from ansinh.services import service
from ansinh.services.catalogue import CODE_PATTERN, GROUP_NAMES, UNIT_NAMES, Procedure, catalogue
from ansinh.services.exceptions import LevelTooLow
from ansinh.services.schemas import FileIn

router = APIRouter(include_in_schema=False)
UNHANDLED = N_("Your request could not be handled.")
CodePath = Annotated[str, Path(pattern=CODE_PATTERN)]
ReferencePath = Annotated[str, Path(pattern=r"^HS-[2-9A-HJ-NP-Z]{10}$")]
MISSING = {"vi": "Bạn chưa điền «{}».", "en": "Please fill in “{}”."}
INVALID = {"vi": "«{}» chưa đúng.", "en": "“{}” is not valid."}


@contextmanager
def as_page() -> Iterator[None]:
    """Show a service's refusal as a page instead of problem+json."""
    try:
        yield
    except ProblemError as exc:
        raise PageError(exc.status, UNHANDLED, exc.detail) from None


@router.get("/services", response_class=HTMLResponse)
def services_page(request: Request, viewer: Viewer) -> HTMLResponse:
    """The catalogue: every procedure, online ones first; the others say why they are not."""
    return render(
        request,
        "services/catalogue.html",
        viewer=viewer,
        services=list(catalogue().values()),
        groups=GROUP_NAMES,
        unit_names=UNIT_NAMES,
    )


def _options(
    db: Session, procedure: Procedure, viewer: PortalSession, answers: dict[str, str], lang: str
) -> dict[str, list[tuple[str, str]]]:
    options: dict[str, list[tuple[str, str]]] = {}
    for name, spec in procedure.form.get("properties", {}).items():
        source = spec.get("x-options")
        if source == "banks":
            options[name] = [(b.bin, f"{b.short_name} — {b.name}") for b in service.banks()]
        elif source == "provinces":
            options[name] = [(p.code, p.name) for p in current_provinces()]
        elif source == "communes":
            chosen = answers.get("province_code", "")
            options[name] = [(c.code, c.name) for c in communes_of(chosen)]
        elif source == "facilities" and present("health"):
            from ansinh.health.cards.service import primary_care_facilities

            person = registry.read_person(
                db_session=db,
                si_number=insured(viewer),
                actor=citizen_actor(viewer),
                purpose=OWN_READ,
            )
            found = primary_care_facilities(db_session=db, province_code=person.province_code)
            options[name] = [(f.code, f"{f.name} ({f.code})") for f in found]
        elif "enum" in spec:
            titles = spec.get("x-enum-titles" if lang == "vi" else "x-enum-titles-en", {})
            options[name] = [(str(v), titles.get(str(v), str(v))) for v in spec["enum"]]
    return options


def _service_for(request: Request, code: str, viewer: PortalSession) -> Procedure:
    with as_page():
        online = service.get_service(code)
    if "citizen" not in online.filers:
        raise PageError(404, N_("This procedure is filed by employers, not on this page."))
    if viewer.level < online.min_eid_level:
        raise LoginRequired("/auth/login", request.url.path, level=online.min_eid_level)
    return online


def _form(
    request: Request,
    db: Session,
    online: Procedure,
    viewer: PortalSession,
    answers: dict[str, str],
    status: int = 200,
    problems: list[str] | None = None,
) -> HTMLResponse:
    lang = language_of(request)
    return render(
        request,
        "services/form.html",
        status,
        viewer=viewer,
        service=online,
        answers=answers,
        options=_options(db, online, viewer, answers, lang),
        unit_names=UNIT_NAMES,
        problems=problems or [],
        today=clock.today(),
    )


@router.get("/services/communes", response_class=HTMLResponse)
def commune_options(
    request: Request,
    viewer: Viewer,
    province_code: Annotated[str, Query(pattern=r"^(\d{2})?$")] = "",
) -> HTMLResponse:
    """The communes of a province as the options of an address form (fetched by htmx)."""
    return render(
        request,
        "services/commune_options.html",
        viewer=viewer,
        communes=communes_of(province_code),
        answers={},
    )


@router.get("/services/{code}", response_class=HTMLResponse)
def service_form(request: Request, code: CodePath, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """A procedure's form (a level-2 procedure first asks for a level-2 login)."""
    return _form(request, db, _service_for(request, code, viewer), viewer, {})


def _files(form: PostedForm) -> list[FileIn]:
    files = []
    for key, value in form.multi_items():
        if key.startswith("file:") and isinstance(value, UploadFile) and value.filename:
            value.file.seek(0)
            content = value.file.read()
            media = value.content_type or "application/octet-stream"
            files.append(FileIn(key[5:], value.filename, media, content))
    return files


def _problems(exc: ProblemError, online: Procedure, language: str) -> list[str]:
    found = exc.extensions.get("errors")
    if not isinstance(found, list):
        return [say(exc.detail, language) or translate(language, UNHANDLED)]
    properties = online.form.get("properties", {})
    sentences = []
    for error in found:
        spec = properties.get(error["field"], {})
        title = spec.get("title" if language == "vi" else "x-title-en", error["field"])
        template = MISSING if error["kind"] == "required" else INVALID
        sentences.append(template[language].format(title))
    return sentences


@router.post("/services/{code}", response_model=None)
def submit(
    request: Request, code: CodePath, form: PostedForm, db: DbSession, viewer: Citizen
) -> Response:
    """File the application and show it."""
    online = _service_for(request, code, viewer)
    check_csrf(viewer, form.get("csrf"))
    answers = {k: str(v) for k, v in form.items() if k != "csrf" and not k.startswith("file:")}
    files = _files(form)
    language = language_of(request)
    try:
        application = service.submit(
            db_session=db,
            service=online,
            si_number=insured(viewer),
            level=viewer.level,
            answers=answers,
            actor=citizen_actor(viewer),
            files=files,
        )
    except LevelTooLow as exc:
        raise LoginRequired("/auth/login", request.url.path, level=exc.needed) from None
    except ProblemError as exc:
        return _form(request, db, online, viewer, answers, 422, _problems(exc, online, language))
    return RedirectResponse(f"/me/applications/{application.reference}", status_code=303)


def service_names(request: Request) -> dict[str, str]:
    """Procedure names by code in the visitor's language."""
    language = language_of(request)
    return {code: getattr(p.name, language) for code, p in catalogue().items()}


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
        news={a.reference for a in rows if service.is_news(a)},
        names=service_names(request),
    )


@router.get("/me/applications/{reference}", response_class=HTMLResponse)
def my_application(
    request: Request, reference: ReferencePath, db: DbSession, viewer: Citizen
) -> HTMLResponse:
    """One of my applications with its timeline, what is missing, and its result."""
    with as_page():
        application = service.get_for_person(
            db_session=db, si_number=insured(viewer), reference=reference
        )
    procedure = service.get_procedure(application.service_code)
    name = service_names(request).get(application.service_code, application.service_code)
    service.mark_seen(db_session=db, application=application)
    return render(
        request,
        "services/application.html",
        viewer=viewer,
        a=application,
        name=name,
        procedure=procedure,
        facts=service.result_facts(application, language_of(request)),
        open=application.status in ("submitted", "in_review", "incomplete", "proposed"),
    )


@router.post("/me/applications/{reference}/complete", response_model=None)
def complete(
    reference: ReferencePath, form: PostedForm, db: DbSession, viewer: Citizen
) -> Response:
    """Send the documents asked for: the file is complete again and the clock resumes."""
    check_csrf(viewer, form.get("csrf"))
    files = _files(form)
    with as_page():
        application = service.get_for_person(
            db_session=db, si_number=insured(viewer), reference=reference
        )
        service.complete(
            db_session=db, application=application, actor=citizen_actor(viewer), files=files
        )
    return RedirectResponse(f"/me/applications/{reference}", status_code=303)


@router.post("/me/applications/{reference}/withdraw")
def withdraw(
    reference: ReferencePath, form: PostedForm, db: DbSession, viewer: Citizen
) -> RedirectResponse:
    """Withdraw one of my applications not yet decided."""
    check_csrf(viewer, form.get("csrf"))
    with as_page():
        application = service.get_for_person(
            db_session=db, si_number=insured(viewer), reference=reference
        )
        service.withdraw(db_session=db, application=application, actor=citizen_actor(viewer))
    return RedirectResponse(f"/me/applications/{reference}", status_code=303)


def _pdf(db: Session, viewer: PortalSession, reference: str, document_id: str | None) -> Response:
    if not document_id:
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


@router.get("/me/applications/{reference}/result")
def my_result(reference: ReferencePath, db: DbSession, viewer: Citizen) -> Response:
    """The sealed result of a decided application."""
    with as_page():
        application = service.get_for_person(
            db_session=db, si_number=insured(viewer), reference=reference
        )
    return _pdf(db, viewer, reference, application.document_id)


@router.get("/me/applications/{reference}/document")
def my_document(reference: ReferencePath, db: DbSession, viewer: Citizen) -> Response:
    """The document the procedure itself produced (a confirmation, a card), as issued."""
    with as_page():
        application = service.get_for_person(
            db_session=db, si_number=insured(viewer), reference=reference
        )
    document_id = (application.result or {}).get("document_id")
    return _pdf(db, viewer, reference, document_id if isinstance(document_id, str) else None)
