"""Employers' API for certificates of coverage: apply for a posted worker, read the ruling.

SI numbers travel in bodies; a certificate is named by its own reference, its PDF by the same.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status

from ansinh.core.db import DbSession
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import Purpose, require
from ansinh.coverage import service
from ansinh.coverage.models import Certificate
from ansinh.coverage.schemas import CertificateRead, PostingCreate

router = APIRouter(prefix="/api/v1/coverage", tags=["coverage"])

Applicant = Annotated[Actor, Depends(require("coverage:apply"))]
ReferencePath = Annotated[str, Path(pattern=r"^CC-[2-9A-HJ-NP-Z]{12}$")]


def certificate_read(certificate: Certificate, *, duplicate: bool = False) -> CertificateRead:
    """The API's view of a ruling."""
    return CertificateRead.model_validate(certificate).model_copy(update={"duplicate": duplicate})


@router.post(
    "/certificates",
    status_code=status.HTTP_201_CREATED,
    response_model=CertificateRead,
    responses={200: {"description": "The same posting was certified before: that certificate"}},
)
def apply(
    body: PostingCreate, db: DbSession, actor: Applicant, purpose: Purpose, response: Response
) -> CertificateRead:
    """Apply for a worker posted abroad: the certificate is issued, or refused with the reason."""
    applied = service.apply(db_session=db, actor=actor, purpose=purpose, posting=body)
    if applied.duplicate:
        response.status_code = status.HTTP_200_OK
    return certificate_read(applied.certificate, duplicate=applied.duplicate)


@router.get("/certificates/{reference}", response_model=CertificateRead)
def get_certificate(
    reference: ReferencePath, db: DbSession, actor: Applicant, purpose: Purpose
) -> CertificateRead:
    """The ruling on one of the caller's applications."""
    return certificate_read(
        service.read(db_session=db, actor=actor, purpose=purpose, reference=reference)
    )


@router.get(
    "/certificates/{reference}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def get_pdf(
    reference: ReferencePath, db: DbSession, actor: Applicant, purpose: Purpose
) -> Response:
    """The sealed certificate (Vietnamese and English, with its verification QR)."""
    body = service.read_pdf(db_session=db, actor=actor, purpose=purpose, reference=reference)
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{reference}.pdf"',
            "Cache-Control": "no-store",
        },
    )
