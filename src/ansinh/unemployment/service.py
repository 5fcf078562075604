"""The unemployment domain's public verbs: claims, notices, records, decisions, holds, months
paid in time and overpaid, figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.jobs.queue import enqueue
from ansinh.unemployment.decisions import handle, handle_many
from ansinh.unemployment.filing import claims_of, file_claim, file_notice, filing_deadline
from ansinh.unemployment.grounds import notice_ground
from ansinh.unemployment.holds import figures, held, release
from ansinh.unemployment.inbox import HANDLE, receive
from ansinh.unemployment.models import Centre, InboxEntry
from ansinh.unemployment.months import check, months_of, watch
from ansinh.unemployment.records import contribution_record, contribution_records

__all__ = [
    "add_centre",
    "check",
    "claims_of",
    "contribution_record",
    "contribution_records",
    "figures",
    "file_claim",
    "file_notice",
    "filing_deadline",
    "handle",
    "handle_many",
    "held",
    "months_of",
    "notice_ground",
    "receive",
    "release",
    "requeue_pending",
    "watch",
]


def add_centre(*, db_session: Session, centre_id: str, jwks: dict[str, Any]) -> None:
    """Keep (or refresh) the keys a centre signs its decisions with."""
    db_session.execute(
        insert(Centre)
        .values(centre_id=centre_id, jwks=jwks)
        .on_conflict_do_update(index_elements=["centre_id"], set_={"jwks": jwks})
    )


def pending(*, db_session: Session, limit: int) -> list[int]:
    """Entries waiting for their first handling, oldest first (a worker's next set)."""
    return list(
        db_session.scalars(
            select(InboxEntry.inbox_id)
            .where(InboxEntry.state == "pending")
            .order_by(InboxEntry.inbox_id)
            .limit(limit)
        )
    )


def requeue_pending(*, db_session: Session, older_than: timedelta, limit: int = 1_000) -> int:
    """Queue the handling of entries a crash left pending."""
    before = clock.now() - older_than
    entries = db_session.scalars(
        select(InboxEntry.inbox_id)
        .where(InboxEntry.state == "pending", InboxEntry.received_at < before)
        .order_by(InboxEntry.inbox_id)
        .limit(limit)
    ).all()
    if entries:
        enqueue(db_session, HANDLE, {"inbox_ids": list(entries)})
    return len(entries)
