"""Documents pages: my confirmation and my card as PDFs, and the public verification page.

`/verify` is public: a phone scanning a document's QR opens `/verify#<seal>`, the page's script
posts the seal (the fragment never reaches a server log), and the page says the verdict; a bank or
an employer can instead upload the PDF itself.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from ansinh.core.db import DbSession
from ansinh.core.domains import present
from ansinh.core.i18n import N_
from ansinh.documents import service as documents
from ansinh.documents.exceptions import NoCurrentCard
from ansinh.documents.schemas import SEAL_PATTERN, Issued, Verdict
from ansinh.portal.deps import Citizen, Viewer, citizen_actor, insured
from ansinh.portal.web import PageError, render

router = APIRouter(include_in_schema=False)
DOWNLOAD = "citizen downloading their own document in the portal"
SEAL = re.compile(SEAL_PATTERN)
FILES = {"si-confirmation": "xac-nhan-dong-bhxh", "hi-card": "the-bhyt"}
FORM_OVERHEAD = 10_000  # bytes of multipart framing around the file


def pdf_response(body: bytes, filename: str) -> Response:
    """A PDF download that no cache keeps."""
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _download(issued: Issued) -> Response:
    return pdf_response(issued.pdf, f"{FILES[issued.kind]}-{issued.document_id}")


@router.get("/me/si-book/confirmation.pdf")
def si_confirmation_pdf(db: DbSession, viewer: Citizen) -> Response:
    """My whole SI book as a sealed confirmation (a new document each time, dated today)."""
    issued = documents.issue_si_confirmation(
        db_session=db, actor=citizen_actor(viewer), si_number=insured(viewer), purpose=DOWNLOAD
    )
    return _download(issued)


@router.get("/me/hi-card.pdf")
def hi_card_pdf(db: DbSession, viewer: Citizen) -> Response:
    """My current HI card's details as a sealed PDF."""
    if not present("health"):
        raise PageError(404, N_("Not yet available"))
    try:
        issued = documents.issue_hi_card(
            db_session=db, actor=citizen_actor(viewer), si_number=insured(viewer), purpose=DOWNLOAD
        )
    except NoCurrentCard:
        raise PageError(404, N_("You have no current health-insurance card.")) from None
    return _download(issued)


@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request, viewer: Viewer) -> HTMLResponse:
    """The public verification page (its script posts the seal in the address's fragment)."""
    return render(request, "verify.html", viewer=viewer)


async def _submitted(request: Request) -> bytes | str | None:
    """The uploaded PDF's bytes or the scanned seal, read on the event loop (no database)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > documents.MAX_UPLOAD + FORM_OVERHEAD:
        return None  # no document of the platform is that large
    form = await request.form(max_files=1, max_fields=2)
    upload, seal = form.get("file"), form.get("seal")
    if isinstance(upload, UploadFile):
        return await upload.read(documents.MAX_UPLOAD + 1)
    if isinstance(seal, str) and len(seal) <= 2000 and SEAL.match(seal.strip()):
        return seal.strip()
    return None


@router.post("/verify", response_class=HTMLResponse)
def verify(
    request: Request,
    submitted: Annotated[bytes | str | None, Depends(_submitted)],
    db: DbSession,
    viewer: Viewer,
) -> HTMLResponse:
    """Say whether a scanned seal or an uploaded PDF is genuine and current."""
    if isinstance(submitted, bytes):
        verdict = documents.verify_pdf(db_session=db, data=submitted)
    elif isinstance(submitted, str):
        verdict = documents.verify_seal(db_session=db, token=submitted)
    else:
        verdict = Verdict(status="unknown")
    return render(request, "verify.html", viewer=viewer, verdict=verdict)
