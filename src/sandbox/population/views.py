"""Routes of the population register sandbox. Personal IDs travel only in bodies."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from sandbox.factory import api_key_clients
from sandbox.population import extract, store
from sandbox.population.schemas import (
    ChangePage,
    Citizen,
    Event,
    LookupRequest,
    Verdict,
    VerifyRequest,
    VerifyResult,
)

router = APIRouter(prefix="/v1")
SCOPES = ("verify", "lookup", "extract", "changes", "events")


class ClientKeys(Mapping[str, str]):
    """Key hash -> client id, read from the register's clients table."""

    def __init__(self, connection: store.Connection) -> None:
        self._connection = connection

    def __getitem__(self, hashed: str) -> str:
        client_id = store.client_of(self._connection, hashed)
        if client_id is None:
            raise KeyError(hashed)
        return client_id

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def database(request: Request) -> Iterator[store.Connection]:
    """A connection to the register for one request."""
    register: store.Register = request.app.state.register
    with register.connect() as connection:
        yield connection


Db = Annotated[store.Connection, Depends(database)]


def _caller(request: Request, connection: Db) -> str:
    authenticate = api_key_clients(ClientKeys(connection))
    key = request.headers.get("X-API-Key")
    return authenticate(request, key)


def allowed(scope: str) -> Callable[[str, store.Connection], str]:
    """Admit only clients granted `scope`."""

    def _check(client_id: Annotated[str, Depends(_caller)], connection: Db) -> str:
        if scope not in store.scopes_of(connection, client_id):
            raise HTTPException(status_code=403, detail=f"this client may not {scope}")
        return client_id

    return _check


def _same_name(a: str, b: str) -> bool:
    def canonical(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).casefold().split())

    return canonical(a) == canonical(b)


def _date_verdict(given: str, held: str) -> Verdict:
    if given == held:
        return "match"
    return "partial" if held.startswith(given) else "mismatch"


@router.post("/verify", response_model=VerifyResult)
def verify(
    body: VerifyRequest, connection: Db, _: Annotated[str, Depends(allowed("verify"))]
) -> VerifyResult:
    """Tell whether a personal ID exists and whether name, date of birth and sex agree."""
    citizen = store.by_personal_id(connection, body.personal_id)
    if citizen is None:
        return VerifyResult(found=False)
    return VerifyResult(
        found=True,
        alive=citizen["alive"],
        full_name="match" if _same_name(body.full_name, citizen["full_name"]) else "mismatch",
        date_of_birth=_date_verdict(body.date_of_birth, citizen["date_of_birth"]),
        sex="match" if body.sex == citizen["sex"] else "mismatch",
    )


@router.post("/citizens/lookup", response_model=Citizen)
def lookup(
    body: LookupRequest, connection: Db, _: Annotated[str, Depends(allowed("lookup"))]
) -> Citizen:
    """Return the citizen holding a personal ID (authorised clients only)."""
    citizen = store.by_personal_id(connection, body.personal_id)
    if citizen is None:
        raise HTTPException(status_code=404, detail="no citizen holds that personal ID")
    return Citizen.model_validate(citizen)


@router.get("/extract")
def bulk_extract(
    request: Request,
    _: Annotated[str, Depends(allowed("extract"))],
    fmt: Annotated[extract.ExtractFormat, Query(alias="format")] = "ndjson",
    batch_size: Annotated[int, Query(ge=100, le=100_000)] = 10_000,
) -> StreamingResponse:
    """Stream every citizen as NDJSON or Parquet, batch by batch."""
    write = extract.ndjson if fmt == "ndjson" else extract.parquet

    register: store.Register = request.app.state.register

    def body() -> Iterator[bytes]:
        with register.connect() as connection:
            yield from write(connection, batch_size)

    return StreamingResponse(body(), media_type=extract.MEDIA_TYPES[fmt])


@router.get("/changes", response_model=ChangePage)
def changes(
    connection: Db,
    _: Annotated[str, Depends(allowed("changes"))],
    after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1_000,
) -> ChangePage:
    """Births, deaths, name and residence changes after sequence number `after`."""
    items = store.changes_after(connection, after, limit)
    return ChangePage.model_validate(
        {"items": items, "next_after": items[-1]["seq"] if items else after}
    )


@router.post("/events", status_code=201, response_model=ChangePage)
def apply_event(
    body: Event, connection: Db, _: Annotated[str, Depends(allowed("events"))]
) -> ChangePage:
    """Apply a civil-registration event and append it to the change feed."""
    with connection.transaction():
        seq = _apply(connection, body)
    return ChangePage.model_validate(
        {"items": store.changes_after(connection, seq - 1, 1), "next_after": seq}
    )


def _apply(connection: store.Connection, event: Event) -> int:
    if event.kind == "birth":
        return _birth(connection, event)
    if event.record_id is None or store.by_record_id(connection, event.record_id) is None:
        raise HTTPException(status_code=404, detail="no citizen has that record_id")
    updates: dict[str, dict[str, Any]] = {
        "death": {"alive": False},
        "name": {"full_name": event.full_name},
        "residence": {"province": event.province, "address": event.address},
    }
    changed = updates[event.kind]
    if event.kind == "name" and not event.full_name:
        raise HTTPException(status_code=422, detail="a name change needs full_name")
    store.update_citizen(connection, event.record_id, changed)
    detail = {k: v for k, v in changed.items() if k != "alive"}
    return store.record_change(
        connection, kind=event.kind, record_id=event.record_id, detail=detail
    )


def _birth(connection: store.Connection, event: Event) -> int:
    fields = event.model_dump(exclude={"kind", "record_id"})
    if any(fields[c] is None for c in ("personal_id", "full_name", "date_of_birth", "sex")):
        raise HTTPException(
            status_code=422, detail="a birth needs personal_id, full_name, date_of_birth, sex"
        )
    if store.by_personal_id(connection, fields["personal_id"]) is not None:
        raise HTTPException(status_code=409, detail="that personal ID is already registered")
    record_id = event.record_id or f"B{uuid.uuid4().hex[:12]}"
    store.insert_citizen(connection, (record_id, *(fields[c] for c in store.COLUMNS[1:])))
    detail = {c: fields[c] for c in store.COLUMNS[1:]}
    return store.record_change(connection, kind="birth", record_id=record_id, detail=detail)
