"""Review queue and scorecard use cases. Services flush; the request or job boundary commits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.audit.service import AuditAction
from ansinh.core.errors import Conflict, NotFound
from ansinh.core.pagination import PageParams, fetch_page
from ansinh.core.security.actor import Actor
from ansinh.linkage import register_client
from ansinh.linkage.agreement import FIELDS, field_agreement
from ansinh.linkage.enums import ReviewState
from ansinh.linkage.models import LinkageRun, ReviewItem
from ansinh.linkage.normalise import INPUT_COLUMNS, normalise
from ansinh.linkage.records import person_record
from ansinh.linkage.schemas import FieldComparison, Scorecard
from ansinh.registry import service as registry
from ansinh.registry.enums import AuthStatus

RESOURCE = "linkage.review"


class ReviewNotFound(NotFound):
    """No review item has that id."""

    def __init__(self) -> None:
        super().__init__("no review item with that id")


def list_reviews(*, state: str | None = None) -> Select[ReviewItem]:
    """Build the query listing review items, oldest first, optionally by state."""
    statement = select(ReviewItem).order_by(ReviewItem.created_at, ReviewItem.id)
    if state:
        statement = statement.where(ReviewItem.state == state)
    return statement


def list_runs() -> Select[LinkageRun]:
    """Build the query listing reconciliation runs, newest first."""
    return select(LinkageRun).order_by(LinkageRun.id.desc())


def page_reviews(
    *,
    db_session: Session,
    params: PageParams,
    actor: Actor,
    purpose: str,
    state: str | None = None,
) -> tuple[list[ReviewItem], int]:
    """One page of review items, oldest first, and their total; the persons are audited."""
    rows, total = fetch_page(db_session, list_reviews(state=state), params)
    _audit(db_session, [r.si_number for r in rows], actor=actor, purpose=purpose, action="read")
    return rows, total


def get_review(*, db_session: Session, review_id: int) -> ReviewItem:
    """Return the review item or raise ReviewNotFound (unaudited: for other verbs)."""
    review = db_session.get(ReviewItem, review_id)
    if review is None:
        raise ReviewNotFound()
    return review


def read_review(*, db_session: Session, review_id: int, actor: Actor, purpose: str) -> ReviewItem:
    """Return the review item or raise ReviewNotFound; the read is audited."""
    review = get_review(db_session=db_session, review_id=review_id)
    _audit(db_session, [review.si_number], actor=actor, purpose=purpose, action="read")
    return review


def side_by_side(*, db_session: Session, review: ReviewItem) -> list[FieldComparison]:
    """Both records field by field, with the agreement the matcher sees."""
    insured = person_record(registry.get_person(db_session=db_session, si_number=review.si_number))
    register = {c: review.register_record.get(c) for c in INPUT_COLUMNS}
    levels = field_agreement(_normalised(insured), _normalised(register)).to_pylist()[0]
    return [
        FieldComparison(
            field=field,
            insured=insured[field],
            population=register[field],
            agreement=levels[field],
        )
        for field in FIELDS
    ]


def open_review(
    *,
    db_session: Session,
    si_number: str,
    register_record: Mapping[str, Any],
    source: str,
    match_probability: float | None = None,
    run_id: int | None = None,
) -> ReviewItem:
    """Queue a proposed link for review, replacing the person's open item if there is one."""
    db_session.execute(
        update(ReviewItem)
        .where(ReviewItem.si_number == si_number, ReviewItem.state == "open")
        .values(state="superseded")
    )
    review = ReviewItem(
        si_number=si_number,
        register_record=dict(register_record),
        source=source,
        match_probability=match_probability,
        run_id=run_id,
    )
    db_session.add(review)
    db_session.flush()
    return review


def accept_review(*, db_session: Session, review_id: int, actor: Actor, purpose: str) -> ReviewItem:
    """Confirm the link: the person is verified and takes the register's ID; audited."""
    review = _open(db_session, review_id)
    personal_id = review.register_record.get("personal_id")
    _decide(
        db_session,
        review,
        state=ReviewState.ACCEPTED,
        status=AuthStatus.VERIFIED,
        actor=actor,
        purpose=purpose,
        pid=personal_id,
    )
    try:
        with db_session.begin_nested():
            db_session.flush()
    except IntegrityError as error:
        raise Conflict("the register's personal ID is already held by another person") from error
    return review


def reject_review(*, db_session: Session, review_id: int, actor: Actor, purpose: str) -> ReviewItem:
    """Refuse the link: the person is not found in the register; the decision is audited."""
    review = _open(db_session, review_id)
    _decide(
        db_session,
        review,
        state=ReviewState.REJECTED,
        status=AuthStatus.NOT_FOUND,
        actor=actor,
        purpose=purpose,
    )
    db_session.flush()
    return review


def scorecard(*, db_session: Session, province_code: str | None = None) -> Scorecard:
    """Count participants by authentication status (optionally in one province)."""
    counts = registry.count_by_auth_status(db_session=db_session, province_code=province_code)
    participants = sum(counts.values())
    authenticated = counts.get("verified", 0)
    return Scorecard(
        participants=participants,
        authenticated=authenticated,
        needs_review=counts.get("needs_review", 0),
        not_found=counts.get("not_found", 0),
        unverified=counts.get("unverified", 0),
        authenticated_percent=round(100 * authenticated / participants, 2) if participants else 0,
    )


def _open(db_session: Session, review_id: int) -> ReviewItem:
    review = get_review(db_session=db_session, review_id=review_id)
    if review.state != "open":
        raise Conflict(f"this review item is already {review.state}")
    return review


def _decide(
    db_session: Session,
    review: ReviewItem,
    *,
    state: ReviewState,
    status: AuthStatus,
    actor: Actor,
    purpose: str,
    pid: str | None = None,
) -> None:
    review.state, review.decided_by, review.decided_at = state, actor.id, clock.now()
    registry.set_auth_status(
        db_session=db_session, si_number=review.si_number, status=status, personal_id=pid
    )
    _audit(db_session, [review.si_number], actor=actor, purpose=purpose, action="update")


def _audit(
    db_session: Session,
    subjects: list[str],
    *,
    actor: Actor,
    purpose: str,
    action: AuditAction,
) -> None:
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=subjects,
        action=action,
        resource=RESOURCE,
        purpose=purpose,
    )


def _normalised(record: Mapping[str, Any]) -> pa.Table:
    return normalise(pa.table({c: pa.array([record[c]], pa.string()) for c in INPUT_COLUMNS}))


def dead_in_register(personal_id: str) -> bool | None:
    """Whether the population register holds `personal_id` as dead (over HTTP).

    None when no register is configured or it holds no such ID; raises when it is unreachable
    (a caller in an event handler is retried with back-off).
    """
    register = register_client.connect()
    if register is None:
        return None
    record = register.lookup(personal_id=personal_id)
    return None if record is None else not record["alive"]
