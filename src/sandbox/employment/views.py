"""Routes of the employment centre sandbox: claims, assessment, notices, decisions, grounds."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, HTTPException, Request

from sandbox.civil import signing
from sandbox.employment import centre, notify, store
from sandbox.employment.schemas import (
    AssessIn,
    CheckIn,
    ClaimIn,
    DecisionIn,
    GroundIn,
    Issued,
    NoticeIn,
)

router = APIRouter()
MAX_BATCH = 1_000


def database(request: Request) -> Iterator[store.Connection]:
    """A connection to the centre for one request."""
    held: store.Centre = request.app.state.centre
    with held.connect() as connection:
        yield connection


def caller(request: Request) -> str:
    """The authenticated client (the app's API-key dependency)."""
    authenticate = request.app.state.authenticate
    return str(authenticate(request, request.headers.get("X-API-Key")))


Db = Annotated[store.Connection, Depends(database)]
Caller = Annotated[str, Depends(caller)]


def _issued(row: dict[str, Any]) -> Issued:
    return Issued(decision_id=row["decision_id"], seq=row["seq"], kind=row["kind"])


def _acting(work: Callable[[], dict[str, Any] | None]) -> Issued | None:
    """Run a centre action in its transaction; its refusals as 404 or 409."""
    try:
        row = work()
    except centre.NoSuchClaim:
        raise HTTPException(status_code=404, detail="no such claim") from None
    except centre.NotPossible as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return None if row is None else _issued(row)


@router.post("/v1/claims", status_code=202)
def receive_claim(body: ClaimIn, connection: Db, _: Caller) -> dict[str, Any]:
    """Receive a claim from the platform (once by its id)."""
    added = store.add_claim(connection, body.model_dump())
    return {"claim_id": str(body.claim_id), "new": added}


@router.post("/v1/claims/batch", status_code=202)
def receive_claims(body: list[ClaimIn], connection: Db, _: Caller) -> dict[str, int]:
    """Receive many claims from the platform in one transaction (each once by its id)."""
    if len(body) > MAX_BATCH:
        raise HTTPException(status_code=413, detail=f"at most {MAX_BATCH} claims a request")
    with connection.transaction():
        added = sum(store.add_claim(connection, claim.model_dump()) for claim in body)
    return {"received": len(body), "new": added}


@router.post("/v1/claims/{claim_id}/assess", response_model=Issued)
def assess(
    claim_id: uuid.UUID, body: AssessIn, request: Request, connection: Db, _: Caller
) -> Issued | None:
    """Ask the platform for the record, then propose and issue the decision."""
    platform: httpx.Client = request.app.state.platform
    with connection.transaction():
        return _acting(lambda: centre.assess(connection, platform, claim_id, amount=body.amount))


@router.post("/v1/claims/{claim_id}/notices", response_model=Issued | None)
def notice(claim_id: uuid.UUID, body: NoticeIn, connection: Db, _: Caller) -> Issued | None:
    """Record a monthly job-search notice (a resumption if the claim was suspended)."""
    with connection.transaction():
        return _acting(lambda: centre.record_notice(connection, claim_id, body.month))


@router.post("/v1/claims/{claim_id}/decisions", response_model=Issued)
def decide(claim_id: uuid.UUID, body: DecisionIn, connection: Db, _: Caller) -> Issued | None:
    """Issue an officer's decision: suspension, resumption, termination, transfer, reservation."""
    with connection.transaction():
        return _acting(lambda: centre.decide(connection, claim_id, body))


@router.post("/v1/grounds", response_model=Issued | None)
def ground(body: GroundIn, connection: Db, _: Caller) -> Issued | None:
    """Take a termination ground the platform noticed (ends a running benefit)."""
    with connection.transaction():
        return _acting(
            lambda: centre.take_ground(connection, body.claim_id, body.ground, body.occurred_on)
        )


@router.post("/v1/notices/check", response_model=list[Issued])
def check_notices(body: CheckIn, connection: Db, _: Caller) -> list[Issued]:
    """Suspend the granted claims whose notice for the month did not come."""
    with connection.transaction():
        return [_issued(row) for row in centre.suspend_missing(connection, body.month)]


@router.get("/v1/claims/{claim_id}/decisions", response_model=list[Issued])
def decisions(claim_id: uuid.UUID, connection: Db, _: Caller) -> list[Issued]:
    """A claim's decisions in order."""
    return [_issued(row) for row in store.decisions_of(connection, claim_id)]


@router.post("/v1/decisions/{decision_id}/renotify", status_code=202)
def renotify(decision_id: uuid.UUID, connection: Db, _: Caller) -> dict[str, int]:
    """Send a decision's notification again (the platform must ignore the duplicate)."""
    return {"queued": store.requeue(connection, decision_id)}


@router.get("/.well-known/jwks.json")
def jwks(connection: Db) -> dict[str, Any]:
    """The public keys decisions are signed with."""
    return signing.jwks(signing.signing_key(connection))


@router.post("/v1/notifications/deliver")
def deliver_now(request: Request, _: Caller) -> dict[str, int]:
    """Try every due decision now (the background thread does it every second)."""
    state = request.app.state
    delivered, failed = notify.deliver_due(
        state.centre, state.notifier, state.callback_url, batch=notify.BATCH
    )
    return {"delivered": delivered, "failed": failed}
