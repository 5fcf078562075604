"""Documents pages: my confirmation and my card as PDFs, and the public verification page.

`/verify` is public: a phone scanning a document's QR opens `/verify#<seal>`, the page's script
posts the seal (the fragment never reaches a server log), and the page says the verdict; a bank or
an employer can instead upload the PDF itself.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
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


async def _verdict(request: Request, db: DbSession) -> Verdict:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > documents.MAX_UPLOAD + FORM_OVERHEAD:
        return Verdict(status="unknown")  # no document of the platform is that large
    form = await request.form(max_files=1, max_fields=2)
    upload, seal = form.get("file"), form.get("seal")
    if isinstance(upload, UploadFile):
        data = await upload.read(documents.MAX_UPLOAD + 1)
        return documents.verify_pdf(db_session=db, data=data)
    if isinstance(seal, str) and len(seal) <= 2000 and SEAL.match(seal.strip()):
        return documents.verify_seal(db_session=db, token=seal.strip())
    return Verdict(status="unknown")


@router.post("/verify", response_class=HTMLResponse)
async def verify(request: Request, db: DbSession, viewer: Viewer) -> HTMLResponse:
    """Say whether a scanned seal or an uploaded PDF is genuine and current."""
    verdict = await _verdict(request, db)
    return render(request, "verify.html", viewer=viewer, verdict=verdict)
