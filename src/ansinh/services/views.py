"""The catalogue as JSON (public), and employers' applications (scope `services:apply`).

SI numbers travel in bodies; an application is named by its own random reference.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict

from ansinh.core.db import DbSession
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import require
from ansinh.identity.banks import banks_in_force
from ansinh.services import service
from ansinh.services.catalogue import CODE_PATTERN, catalogue
from ansinh.services.schemas import ApplicationRead, EmployerApplicationIn, FileIn

router = APIRouter(prefix="/api/v1/services", tags=["online services"])

Filer = Annotated[Actor, Depends(require("services:apply"))]
CodePath = Annotated[str, Path(pattern=CODE_PATTERN)]
ReferencePath = Annotated[str, Path(pattern=r"^HS-[2-9A-HJ-NP-Z]{10}$")]


class ServiceRead(BaseModel):
    """One entry of the catalogue."""

    code: str
    group: str
    name_vi: str
    name_en: str
    deadline_days: int
    deadline_unit: str
    deadline_source: str
    filers: list[str]
    min_eid_level: int
    maker_checker: bool
    available: bool
    reason_vi: str | None
    reason_en: str | None
    form: dict[str, Any]
    valid_from: date
    valid_to: date | None
    uncertain: bool


class BankRead(BaseModel):
    """A bank benefits can be paid into, as in the dated reference data."""

    model_config = ConfigDict(from_attributes=True)

    bin: str
    short_name: str
    name: str
    account_min_digits: int
    account_max_digits: int
    valid_from: date
    valid_to: date | None


@router.get("", response_model=list[ServiceRead])
def list_services() -> list[ServiceRead]:
    """Every procedure of the catalogue, online ones first; the others say why they are not."""
    return [
        ServiceRead(
            code=p.code,
            group=p.group,
            name_vi=p.name.vi,
            name_en=p.name.en,
            deadline_days=p.deadline.days,
            deadline_unit=p.deadline.unit,
            deadline_source=p.deadline.source,
            filers=list(p.filers),
            min_eid_level=p.min_eid_level,
            maker_checker=p.maker_checker,
            available=p.available,
            reason_vi=None if p.available else p.reason.vi,
            reason_en=None if p.available else p.reason.en,
            form=p.form,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
            uncertain=p.uncertain or p.deadline.uncertain,
        )
        for p in catalogue().values()
    ]


@router.get("/banks", response_model=list[BankRead])
def list_banks(
    on: Annotated[
        date | None, Query(description="Day to read the list on (default today).")
    ] = None,
) -> list[BankRead]:
    """The banks in force on a day, by short name, for the bank-account service."""
    return [BankRead.model_validate(b) for b in banks_in_force(on)]


def _files(body: EmployerApplicationIn) -> list[FileIn]:
    files = []
    for a in body.attachments:
        try:
            content = base64.b64decode(a.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise Unprocessable(f"{a.kind}: content_base64 is not base64") from None
        files.append(FileIn(a.kind, a.filename, a.media_type, content))
    return files


@router.post(
    "/{code}/applications", status_code=status.HTTP_201_CREATED, response_model=ApplicationRead
)
def apply(
    code: CodePath, body: EmployerApplicationIn, db: DbSession, actor: Filer
) -> ApplicationRead:
    """File an application for one of the employer's workers (the form as the catalogue says)."""
    application = service.submit(
        db_session=db,
        service=service.get_service(code),
        si_number=body.si_number,
        level=2,
        answers=body.answers,
        actor=actor,
        channel="api",
        applicant_kind="employer",
        files=_files(body),
    )
    return ApplicationRead.model_validate(application)


@router.get("/applications/{reference}", response_model=ApplicationRead)
def get_application(reference: ReferencePath, db: DbSession, actor: Filer) -> ApplicationRead:
    """One of the caller's applications, with its timeline and result."""
    return ApplicationRead.model_validate(
        service.get_for_filer(db_session=db, reference=reference, actor=actor)
    )


@router.get(
    "/applications/{reference}/result.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def get_result(reference: ReferencePath, db: DbSession, actor: Filer) -> Response:
    """The sealed result of one of the caller's decided applications."""
    body = service.read_result(db_session=db, reference=reference, actor=actor)
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{reference}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/applications/{reference}/withdraw", response_model=ApplicationRead)
def withdraw(reference: ReferencePath, db: DbSession, actor: Filer) -> ApplicationRead:
    """Withdraw one of the caller's applications not yet decided."""
    application = service.get_for_filer(db_session=db, reference=reference, actor=actor)
    service.withdraw(db_session=db, application=application, actor=actor)
    return ApplicationRead.model_validate(application)
