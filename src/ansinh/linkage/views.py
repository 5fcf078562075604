"""Linkage REST API: the review queue, the scorecard and reconciliation runs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ansinh.core.db import DbSession
from ansinh.core.pagination import IdPath, Page, Paging, fetch_page
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import Purpose, require
from ansinh.linkage import service
from ansinh.linkage.enums import ReviewState
from ansinh.linkage.models import ReviewItem
from ansinh.linkage.schemas import ReviewRead, ReviewSummary, RunRead, Scorecard

router = APIRouter(prefix="/api/v1/linkage", tags=["linkage"])

Reader = Annotated[Actor, Depends(require("registry:read"))]
Writer = Annotated[Actor, Depends(require("registry:write"))]
ReviewId = IdPath


@router.get("/reviews", response_model=Page[ReviewSummary])
def list_reviews(
    db: DbSession,
    actor: Reader,
    purpose: Purpose,
    paging: Paging,
    state: ReviewState | None = None,
) -> Page[ReviewSummary]:
    """List review items, oldest first, optionally by state."""
    rows, total = service.page_reviews(
        db_session=db, params=paging, actor=actor, purpose=purpose, state=state
    )
    items = [ReviewSummary.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, size=paging.size)


@router.get("/reviews/{review_id}", response_model=ReviewRead)
def get_review(review_id: ReviewId, db: DbSession, actor: Reader, purpose: Purpose) -> ReviewRead:
    """Show both records side by side with the agreement of each field."""
    review = service.read_review(db_session=db, review_id=review_id, actor=actor, purpose=purpose)
    return _read(db, review)


@router.post("/reviews/{review_id}/accept", response_model=ReviewRead)
def accept_review(
    review_id: ReviewId, db: DbSession, actor: Writer, purpose: Purpose
) -> ReviewRead:
    """Confirm the link: the person is verified and takes the register's personal ID."""
    review = service.accept_review(db_session=db, review_id=review_id, actor=actor, purpose=purpose)
    return _read(db, review)


@router.post("/reviews/{review_id}/reject", response_model=ReviewRead)
def reject_review(
    review_id: ReviewId, db: DbSession, actor: Writer, purpose: Purpose
) -> ReviewRead:
    """Refuse the link: the person is marked not found in the register."""
    review = service.reject_review(db_session=db, review_id=review_id, actor=actor, purpose=purpose)
    return _read(db, review)


@router.get("/scorecard", response_model=Scorecard)
def scorecard(
    db: DbSession,
    _: Reader,
    province_code: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
) -> Scorecard:
    """Authenticated citizens, participants and the authenticated share (counts only)."""
    return service.scorecard(db_session=db, province_code=province_code)


@router.get("/runs", response_model=Page[RunRead])
def list_runs(db: DbSession, _: Reader, paging: Paging) -> Page[RunRead]:
    """Reconciliation runs, newest first, with counts and timings."""
    rows, total = fetch_page(db, service.list_runs(), paging)
    items = [RunRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, size=paging.size)


def _read(db: DbSession, review: ReviewItem) -> ReviewRead:
    fields = service.side_by_side(db_session=db, review=review)
    return ReviewRead.model_validate(
        {**ReviewSummary.model_validate(review).model_dump(), "fields": fields}
        | {"decided_by": review.decided_by, "decided_at": review.decided_at}
    )
