"""Routes of the sandbox bank: name inquiry, payment files, the outbox of reports, VietQR, admin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from sandbox.bank import processor, store, vietqr
from sandbox.bank.schemas import (
    Accepted,
    AccountNumber,
    Bin,
    Config,
    ConfigChange,
    Holder,
    MessagePage,
    NameInquiry,
    VietQR,
)
from sandbox.factory import key_hash

router = APIRouter(prefix="/v1")
FILE_MAX_BYTES = 64 * 1024 * 1024
XML_TYPES = ("application/xml", "text/xml")


def database(request: Request) -> Iterator[store.Connection]:
    """A connection to the bank for one request."""
    bank: store.Bank = request.app.state.bank
    with bank.connect() as connection:
        yield connection


Db = Annotated[store.Connection, Depends(database)]


def allowed(scope: str) -> Callable[[Request, store.Connection], str]:
    """Admit only clients whose X-API-Key grants `scope`."""

    def _check(request: Request, connection: Db) -> str:
        key = request.headers.get("X-API-Key")
        client = store.client(connection, key_hash(key)) if key else None
        if client is None:
            raise HTTPException(status_code=401, detail="unknown or missing X-API-Key")
        request.state.client_id = client["client_id"]
        if scope not in client["scopes"]:
            raise HTTPException(status_code=403, detail=f"this client may not use {scope}")
        return str(client["client_id"])

    return _check


def _known(connection: store.Connection, bin_: str, account: str) -> dict[str, object]:
    held = store.account(connection, bin_, account)
    if held is None:
        raise HTTPException(status_code=404, detail="no such account at that bank")
    return held


@router.post("/name-inquiry", response_model=Holder)
def name_inquiry(
    body: NameInquiry, connection: Db, _: Annotated[str, Depends(allowed("inquiry"))]
) -> Holder:
    """The holder's name (upper-case ASCII) and the status of an account."""
    return Holder.model_validate(_known(connection, body.bin, body.account))


@router.post("/payment-files", status_code=202, response_model=Accepted)
async def payment_file(
    request: Request, client_id: Annotated[str, Depends(allowed("payments"))]
) -> JSONResponse:
    """Take a pain.001.001.09 in (202); the same MsgId again answers 200 with the same file."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in XML_TYPES:
        raise HTTPException(status_code=415, detail="send the pain.001 as application/xml")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > FILE_MAX_BYTES:
            raise HTTPException(status_code=413, detail="the file is larger than 64 MiB")
    bank: store.Bank = request.app.state.bank
    file_id, msg_id, new = await _submit(bank, client_id, bytes(body))
    answer = Accepted(file_id=file_id, msg_id=msg_id)
    return JSONResponse(answer.model_dump(), status_code=202 if new else 200)


async def _submit(bank: store.Bank, client_id: str, body: bytes) -> tuple[str, str | None, bool]:
    def work() -> tuple[str, str | None, bool]:
        with bank.connect() as connection:
            return processor.submit(
                connection, client_id=client_id, body=body, now=datetime.now(UTC)
            )

    return await run_in_threadpool(work)


@router.get("/messages", response_model=MessagePage)
def messages(
    connection: Db,
    _: Annotated[str, Depends(allowed("messages"))],
    after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
) -> MessagePage:
    """Status reports, notices and statements after sequence number `after`, oldest first."""
    rows = store.messages_after(connection, after, limit)
    items = [r | {"created_at": r["created_at"].astimezone(UTC).isoformat()} for r in rows]
    return MessagePage.model_validate(
        {"messages": items, "next": items[-1]["seq"] if items else after}
    )


@router.get("/accounts/{bin}/{account}/vietqr", response_model=VietQR)
def account_vietqr(
    bin_: Annotated[Bin, Path(alias="bin")],
    account: Annotated[AccountNumber, Path()],
    connection: Db,
    _: Annotated[str, Depends(allowed("inquiry"))],
    amount: Annotated[int | None, Query(ge=1, le=10**13)] = None,
    note: Annotated[str | None, Query(max_length=25, pattern=r"^[A-Za-z0-9 .,-]*$")] = None,
) -> VietQR:
    """The VietQR payload a payer scans to transfer to this account."""
    _known(connection, bin_, account)
    return VietQR(payload=vietqr.payload(bin_, account, amount=amount, note=note))


@router.post("/admin/config", response_model=Config)
def change_config(
    body: ConfigChange, connection: Db, _: Annotated[str, Depends(allowed("admin"))]
) -> Config:
    """Change delays and failure rates; answer the whole configuration."""
    changed = processor.config(connection).model_copy(update=body.model_dump(exclude_none=True))
    store.save_config(connection, changed.model_dump())
    return changed


@router.post("/admin/accounts/{bin}/{account}/{action}", response_model=Holder)
def change_account(
    bin_: Annotated[Bin, Path(alias="bin")],
    account: Annotated[AccountNumber, Path()],
    action: Literal["close", "block", "deceased"],
    connection: Db,
    _: Annotated[str, Depends(allowed("admin"))],
) -> Holder:
    """Close or block an account, or record that its holder died."""
    values = {"close": {"status": "closed"}, "block": {"status": "blocked"}}
    if not store.set_account(connection, bin_, account, **values.get(action, {"deceased": True})):
        raise HTTPException(status_code=404, detail="no such account at that bank")
    return Holder.model_validate(_known(connection, bin_, account))


@router.post("/admin/tick", status_code=204)
def run_due(request: Request, _: Annotated[str, Depends(allowed("admin"))]) -> Response:
    """Do now every step that is due (reports, bookings, returns, past days' statements)."""
    processor.tick(request.app.state.bank)
    return Response(status_code=204)


@router.post("/admin/statements", status_code=204)
def close_day(connection: Db, _: Annotated[str, Depends(allowed("admin"))]) -> Response:
    """Write the statements of every entry booked so far, today's included."""
    now = datetime.now(UTC)
    processor.state(connection, until=now, now=now)
    return Response(status_code=204)
