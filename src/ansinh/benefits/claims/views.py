"""Officers' JSON API for benefit claims: open, queue, dossier, decide, approve, and reads."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status
from fastapi.responses import Response

from ansinh.benefits.claims import service
from ansinh.benefits.claims.enums import ClaimantKind
from ansinh.benefits.claims.export import to_csv
from ansinh.benefits.claims.schemas import (
    Adjustment,
    ClaimDossier,
    ClaimLine,
    ClaimRead,
    DecisionRead,
    EntitlementRead,
    QueueItem,
    Refusal,
    Resumption,
)
from ansinh.core import clock
from ansinh.core.db import DbSession
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import Purpose, require
from ansinh.identity.schemas import SiNumberPath

router = APIRouter(prefix="/api/v1/benefits", tags=["benefit claims"])

Reader = Annotated[Actor, Depends(require("benefits:read"))]
Officer = Annotated[Actor, Depends(require("benefits:decide"))]
ReferencePath = Annotated[
    str, Path(pattern=r"^CD-[0-9A-F]{12}$", description="The claim's reference")
]
ProvinceQuery = Annotated[str, Query(pattern=r"^\d{2}$", description="2-digit province code")]


@router.post("/claims", status_code=status.HTTP_201_CREATED, response_model=ClaimRead)
def open_claim(body: ClaimLine, db: DbSession, actor: Officer, purpose: Purpose) -> ClaimRead:
    """Open a claim from a dossier (pensions, survivors, work injury…), decided at once where
    the law lets the engine decide, else waiting for a checker."""
    return service.file_claim(
        db,
        line=body,
        claimant_kind=ClaimantKind.OFFICER,
        received_on=clock.today(),
        actor=actor,
        purpose=purpose,
    )


@router.get("/persons/{si_number}/claims", response_model=list[ClaimRead])
def claims_of_person(
    si_number: SiNumberPath, db: DbSession, actor: Reader, purpose: Purpose
) -> list[ClaimRead]:
    """A person's claims, newest first."""
    return service.claims_of_person(db, si_number=si_number, actor=actor, purpose=purpose)


@router.get("/claims/{reference}", response_model=ClaimDossier)
def claim_dossier(
    reference: ReferencePath, db: DbSession, actor: Reader, purpose: Purpose
) -> ClaimDossier:
    """A claim with its status timeline and its decisions (with the engine's trace)."""
    return service.claim_dossier(db, reference=reference, actor=actor, purpose=purpose)


@router.get("/queue", response_model=list[QueueItem])
def queue(
    province: ProvinceQuery,
    db: DbSession,
    actor: Officer,
    purpose: Purpose,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[QueueItem]:
    """A province's claims waiting for a decision, soonest due first, late ones flagged."""
    return service.queue(db, province_code=province, limit=limit, actor=actor, purpose=purpose)


@router.post("/claims/{reference}/decide", response_model=DecisionRead | None)
def decide(
    reference: ReferencePath, db: DbSession, actor: Officer, purpose: Purpose
) -> DecisionRead | None:
    """Compute a received claim (null when it had to be held; the claim says why)."""
    return service.decide(db, reference=reference, actor=actor, purpose=purpose)


@router.post("/claims/{reference}/approve", response_model=DecisionRead)
def approve(
    reference: ReferencePath, db: DbSession, actor: Officer, purpose: Purpose
) -> DecisionRead:
    """Approve the decision waiting for a checker (never its maker's own)."""
    return service.approve(db, reference=reference, actor=actor, purpose=purpose)


@router.post("/claims/{reference}/refuse", response_model=DecisionRead)
def refuse(
    reference: ReferencePath, body: Refusal, db: DbSession, actor: Officer, purpose: Purpose
) -> DecisionRead:
    """Refuse a claim not yet decided, with reasons."""
    return service.refuse(db, reference=reference, refusal=body, actor=actor, purpose=purpose)


@router.post("/claims/{reference}/adjust", response_model=DecisionRead)
def adjust(
    reference: ReferencePath, body: Adjustment, db: DbSession, actor: Officer, purpose: Purpose
) -> DecisionRead:
    """Recompute a granted claim with corrected facts (a superseding decision, for a checker)."""
    return service.adjust(db, reference=reference, adjustment=body, actor=actor, purpose=purpose)


@router.post("/claims/{reference}/revoke", response_model=DecisionRead)
def revoke(
    reference: ReferencePath, body: Refusal, db: DbSession, actor: Officer, purpose: Purpose
) -> DecisionRead:
    """Propose revoking a granted claim, with reasons (for a checker)."""
    return service.revoke(db, reference=reference, refusal=body, actor=actor, purpose=purpose)


@router.post("/claims/{reference}/resume", response_model=ClaimRead)
def resume(
    reference: ReferencePath, body: Resumption, db: DbSession, actor: Officer, purpose: Purpose
) -> ClaimRead:
    """Look at a held claim again: received and decided once its evidence is complete."""
    return service.resume(
        db,
        reference=reference,
        late_explanation=body.late_explanation,
        actor=actor,
        purpose=purpose,
    )


@router.post("/claims/{reference}/confirm", response_model=ClaimRead)
def confirm(reference: ReferencePath, db: DbSession, actor: Officer, purpose: Purpose) -> ClaimRead:
    """Confirm a pre-filled (proactive) claim on the person's or employer's word."""
    return service.confirm(db, reference=reference, actor=actor, purpose=purpose)


SinceQuery = Annotated[date | None, Query(description="Entitlements starting on or after")]


@router.get("/entitlements", response_model=list[EntitlementRead])
def list_entitlements(
    db: DbSession, actor: Reader, purpose: Purpose, since: SinceQuery = None
) -> list[EntitlementRead]:
    """Active entitlements, oldest first (until the payments domain takes them over)."""
    return service.list_entitlements(db, since=since, actor=actor, purpose=purpose)


@router.get("/entitlements.csv", response_class=Response)
def export_entitlements(
    db: DbSession, actor: Reader, purpose: Purpose, since: SinceQuery = None
) -> Response:
    """The same list as CSV, one entitlement a row."""
    rows = service.list_entitlements(db, since=since, actor=actor, purpose=purpose)
    return Response(to_csv(rows), media_type="text/csv; charset=utf-8")
