"""Unemployment APIs: the centres' notify inbox and the UI contribution record they ask for."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ansinh.core.db import DbSession
from ansinh.core.errors import problem
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import Purpose, require
from ansinh.unemployment import service
from ansinh.unemployment.inbox import MAX_ENVELOPE
from ansinh.unemployment.schemas import RecordIn, RecordsIn, SignedRecord, SignedRecords

router = APIRouter(prefix="/api/v1/unemployment", tags=["unemployment"])
Centre = Annotated[Actor, Depends(require("unemployment:records"))]


@router.post(
    "/notify",
    status_code=202,
    openapi_extra={
        "requestBody": {"content": {"application/jose": {"schema": {"type": "string"}}}}
    },
)
async def notify(request: Request, db_session: DbSession) -> JSONResponse:
    """Receive a centre's decision or batch of them (compact JWS); 2xx acknowledges, 4xx refuses."""
    body = await request.body()
    raw = body[: MAX_ENVELOPE + 1].decode("utf-8", errors="replace").strip()
    receipt, status = await run_in_threadpool(service.receive, db_session=db_session, raw=raw)
    if status >= 400:
        reason = receipt.reason or "refused"
        return problem(status, "Notification refused", reason, inbox_id=receipt.inbox_id)
    return JSONResponse(receipt.model_dump(), status_code=status)


@router.post("/records", response_model=SignedRecord)
def record(body: RecordIn, db: DbSession, centre: Centre, purpose: Purpose) -> SignedRecord:
    """A claimant's UI contribution record for an employment centre, signed by the platform."""
    return service.contribution_record(
        db_session=db, personal_id=body.personal_id, actor=centre, purpose=purpose
    )


@router.post("/records/batch", response_model=SignedRecords)
def records(body: RecordsIn, db: DbSession, centre: Centre, purpose: Purpose) -> SignedRecords:
    """Many claimants' records at once (a centre's day of claims), each signed."""
    answers = service.contribution_records(
        db_session=db, personal_ids=body.personal_ids, actor=centre, purpose=purpose
    )
    return SignedRecords(records=answers)
