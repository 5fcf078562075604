"""Employer claim lists over the API: send one (JSON or a CSV/XLSX file), read its result.

Personal IDs travel only in bodies and files; the result's reads of persons are audited by the
verbs.
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile, status
from pydantic import ValidationError

from ansinh.benefits.claims.batches import results
from ansinh.benefits.claims.batches import service as batches
from ansinh.benefits.claims.batches.parsing import read_claim_lines
from ansinh.benefits.claims.batches.schemas import (
    BatchCreate,
    BatchHeader,
    BatchLineRead,
    BatchRead,
)
from ansinh.contributions.schemas import LineErrorRead, Month
from ansinh.core.config import get_settings
from ansinh.core.db import DbSession
from ansinh.core.errors import Unprocessable, reasons_of
from ansinh.core.pagination import Page, Paging
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import Purpose, require
from ansinh.core.tabular import digest_file, kind_of

router = APIRouter(prefix="/api/v1/benefits/claim-batches", tags=["benefits"])

Claimant = Annotated[Actor, Depends(require("benefits:claim"))]
_CREATED: dict[int | str, dict[str, Any]] = {
    200: {"description": "The same list was received before: its first result"},
    413: {"description": "The file is larger than ANSINH_UPLOAD_MAX_BYTES"},
}


def _read(db: DbSession, received: batches.Received) -> BatchRead:
    b = received.batch
    outcomes, late = results.summary(db_session=db, batch_id=b.batch_id)
    return BatchRead(
        batch_id=b.batch_id,
        unit_code=b.unit_code,
        period=b.period,
        batch_number=b.batch_number,
        source=b.source,
        allow_partial=b.allow_partial,
        received_at=b.received_at,
        duplicate=received.duplicate,
        lines_total=b.lines_total,
        lines_accepted=b.lines_accepted,
        lines_late=late,
        outcomes=outcomes,
        errors=[
            LineErrorRead(line=e.line, field=e.field, reason=e.reason) for e in received.errors
        ],
        result_pdf=f"{router.prefix}/{b.batch_id}/result.pdf",
        result_csv=f"{router.prefix}/{b.batch_id}/result.csv",
    )


def _answer(db: DbSession, received: batches.Received, response: Response) -> BatchRead:
    response.status_code = status.HTTP_200_OK if received.duplicate else status.HTTP_201_CREATED
    return _read(db, received)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=BatchRead, responses=_CREATED)
def file_batch(
    body: BatchCreate, db: DbSession, actor: Claimant, purpose: Purpose, response: Response
) -> BatchRead:
    """File a claim list (01B-HSB): every line checked, numbered from 1, all or nothing."""
    content = json.dumps(body.lines, sort_keys=True, default=str).encode()
    received = batches.submit(
        db_session=db,
        actor=actor,
        purpose=purpose,
        header=body.header,
        allow_partial=body.allow_partial,
        source="json",
        key=batches.content_hash(
            header=body.header, allow_partial=body.allow_partial, content=content
        ),
        raw_lines=list(enumerate(body.lines, start=1)),
    )
    return _answer(db, received, response)


@router.post(
    "/files", status_code=status.HTTP_201_CREATED, response_model=BatchRead, responses=_CREATED
)
def file_batch_file(
    file: Annotated[UploadFile, File(description="CSV (UTF-8) or XLSX; header row first")],
    unit_code: Annotated[str, Form()],
    unit_name: Annotated[str, Form()],
    unit_account: Annotated[str, Form()],
    unit_bank_bin: Annotated[str, Form()],
    period: Annotated[Month, Form()],
    batch_number: Annotated[int, Form()],
    db: DbSession,
    actor: Claimant,
    purpose: Purpose,
    response: Response,
    allow_partial: Annotated[bool, Form()] = False,
) -> BatchRead:
    """File a claim list as an uploaded file; lines are numbered as rows (header = 1)."""
    try:
        header = BatchHeader(
            unit_code=unit_code,
            unit_name=unit_name,
            unit_account=unit_account,
            unit_bank_bin=unit_bank_bin,
            period=period,
            batch_number=batch_number,
        )
    except ValidationError as exc:
        raise Unprocessable(f"header: {reasons_of(exc.errors())}") from None
    kind = kind_of(file.filename, file.content_type)
    key = digest_file(
        file.file,
        prefix=batches.hash_prefix(header=header, allow_partial=allow_partial),
        max_bytes=get_settings().upload_max_bytes,
    )
    received = batches.submit(
        db_session=db,
        actor=actor,
        purpose=purpose,
        header=header,
        allow_partial=allow_partial,
        source=kind,
        key=key,
        raw_lines=read_claim_lines(file.file, kind),
    )
    return _answer(db, received, response)


@router.get("/{batch_id}", response_model=BatchRead)
def get_batch(batch_id: uuid.UUID, db: DbSession, actor: Claimant) -> BatchRead:
    """A batch's result: counts by outcome and the lines intake refused."""
    batch = batches.get_batch(db_session=db, batch_id=batch_id, actor=actor)
    return _read(
        db, batches.Received(batch, duplicate=False, errors=batches.stored_errors(db, batch))
    )


@router.get("/{batch_id}/lines", response_model=Page[BatchLineRead])
def list_batch_lines(
    batch_id: uuid.UUID, db: DbSession, actor: Claimant, purpose: Purpose, paging: Paging
) -> Page[BatchLineRead]:
    """A batch's lines with their outcome: granted with the amount, held, refused, pending."""
    rows, total = results.page_lines(
        db_session=db, batch_id=batch_id, params=paging, actor=actor, purpose=purpose
    )
    return Page(items=rows, total=total, page=paging.page, size=paging.size)


@router.get(
    "/{batch_id}/result.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per line"}},
)
def download_result(
    batch_id: uuid.UUID, db: DbSession, actor: Claimant, purpose: Purpose
) -> Response:
    """The batch's result as a CSV file, one row per line with its outcome."""
    content = results.result_csv(db_session=db, batch_id=batch_id, actor=actor, purpose=purpose)
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="claim-batch-{batch_id}.csv"'},
    )


@router.get(
    "/{batch_id}/result.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "A sealed PDF"}},
)
def download_result_pdf(
    batch_id: uuid.UUID, db: DbSession, actor: Claimant, purpose: Purpose
) -> Response:
    """The batch's result as a sealed PDF (Vietnamese), verifiable at /verify by its QR."""
    content = results.result_pdf(db_session=db, batch_id=batch_id, actor=actor, purpose=purpose)
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="claim-batch-{batch_id}.pdf"'},
    )
