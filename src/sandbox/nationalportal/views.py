"""Routes of the national portal sandbox: the citizen's pages, and the agency's status reports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from sandbox.nationalportal import pages, store
from sandbox.nationalportal.forward import forward
from sandbox.nationalportal.schemas import DossierStatus, StatusAck, StatusIn

router = APIRouter()
ADDRESS_FIELDS = ("province_code", "commune_code", "street")


def database(request: Request) -> Iterator[store.Connection]:
    """A connection to the portal for one request."""
    portal: store.Portal = request.app.state.portal
    with portal.connect() as connection:
        yield connection


def caller(request: Request) -> str:
    """The authenticated agency (the app's API-key dependency)."""
    authenticate = request.app.state.authenticate
    return str(authenticate(request, request.headers.get("X-API-Key")))


Db = Annotated[store.Connection, Depends(database)]
Caller = Annotated[str, Depends(caller)]
DossierNo = Annotated[str, Path(pattern=r"^[A-Z0-9.-]{6,40}$")]


def _known(connection: store.Connection, dossier_no: str) -> dict[str, Any]:
    found = store.dossier(connection, dossier_no)
    if found is None:
        raise HTTPException(status_code=404, detail="no such dossier")
    return found


@router.get("/", response_class=HTMLResponse)
def filing_page() -> str:
    """The form a citizen files a dossier with."""
    return pages.filing()


@router.post("/dossiers")
def file_dossier(
    request: Request,
    connection: Db,
    service_code: Annotated[str, Form(pattern=r"^[0-9A-Z][0-9A-Z.\-]{2,31}$")],
    si_number: Annotated[str, Form(pattern=r"^\d{10}$")],
    province_code: Annotated[str, Form(max_length=2)] = "",
    commune_code: Annotated[str, Form(max_length=5)] = "",
    street: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """Record the dossier, forward it to the agency, and show it."""
    given = dict(zip(ADDRESS_FIELDS, (province_code, commune_code, street), strict=True))
    answers = {k: v.strip() for k, v in given.items() if v.strip()}
    dossier_no = store.new_dossier(
        connection, service_code=service_code, si_number=si_number, answers=answers
    )
    agency: httpx.Client = request.app.state.agency
    reference, error = forward(
        agency,
        dossier_no=dossier_no,
        service_code=service_code,
        si_number=si_number,
        answers=answers,
    )
    store.forwarded(connection, dossier_no, reference=reference, error=error)
    return RedirectResponse(f"/dossiers/{dossier_no}", status_code=303)


@router.get("/dossiers/{dossier_no}", response_class=HTMLResponse)
def dossier_page(dossier_no: DossierNo, connection: Db) -> str:
    """A dossier's number, its status history and the link to its result."""
    return pages.following(_known(connection, dossier_no), store.history(connection, dossier_no))


@router.get("/api/v1/dossiers/{dossier_no}", response_model=DossierStatus)
def dossier_status(dossier_no: DossierNo, connection: Db) -> DossierStatus:
    """A dossier and its statuses as data."""
    found = _known(connection, dossier_no)
    return DossierStatus(
        dossier_no=dossier_no,
        service_code=str(found["service_code"]),
        agency_reference=found["agency_reference"],
        forward_error=found["forward_error"],
        statuses=[
            StatusIn.model_validate({**s, "reference": found["agency_reference"] or ""})
            for s in store.history(connection, dossier_no)
        ],
    )


@router.post("/api/v1/dossiers/{dossier_no}/statuses", response_model=StatusAck)
def report_status(dossier_no: DossierNo, body: StatusIn, connection: Db, _: Caller) -> StatusAck:
    """Take the agency's report of a status (a repeated report is acknowledged, kept once)."""
    _known(connection, dossier_no)
    applied = store.record_status(
        connection,
        dossier_no,
        status=body.status,
        outcome=body.outcome,
        at=body.at,
        note_vi=body.note_vi,
        result_url=body.result_url,
    )
    return StatusAck(applied=applied)
