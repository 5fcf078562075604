"""The inbox endpoint the civil registry notifies: signed envelopes, kept before acting."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ansinh.core.db import DbSession
from ansinh.core.errors import problem
from ansinh.lifeevents.inbox import MAX_ENVELOPE, receive

router = APIRouter(prefix="/api/v1/lifeevents", tags=["life events"])


@router.post(
    "/notify",
    status_code=202,
    openapi_extra={
        "requestBody": {"content": {"application/jose": {"schema": {"type": "string"}}}}
    },
)
async def notify(request: Request, db_session: DbSession) -> JSONResponse:
    """Receive a civil-registry notification (compact JWS); 2xx acknowledges it, 4xx refuses."""
    body = await request.body()
    raw = body[: MAX_ENVELOPE + 1].decode("utf-8", errors="replace").strip()
    receipt, status = await run_in_threadpool(receive, db_session=db_session, raw=raw)
    if status >= 400:
        reason = receipt.reason or "refused"
        return problem(status, "Notification refused", reason, inbox_id=receipt.inbox_id)
    return JSONResponse(receipt.model_dump(), status_code=status)
