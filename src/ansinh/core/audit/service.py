"""Write and read audit events, always inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from ansinh.core.pagination import PageParams, fetch_page
from ansinh.core.security.actor import Actor

AuditAction = Literal["read", "create", "update"]


def record(
    *,
    db_session: Session,
    actor: Actor,
    subjects: Iterable[str],
    action: AuditAction,
    resource: str,
    purpose: str,
) -> int:
    """Append one event per subject in the current transaction; return how many were written."""
    unique = list(dict.fromkeys(subjects))
    if not unique:
        return 0
    return _append(
        db_session,
        "SELECT unnest(CAST(:subjects AS text[])) AS subject",
        {"subjects": unique},
        actor=actor,
        action=action,
        resource=resource,
        purpose=purpose,
    )


def record_from_select(
    *,
    db_session: Session,
    actor: Actor,
    subjects: str,
    action: AuditAction,
    resource: str,
    purpose: str,
) -> int:
    """Append one event per distinct `subject` the SQL query `subjects` selects (set-based)."""
    return _append(
        db_session, subjects, {}, actor=actor, action=action, resource=resource, purpose=purpose
    )


def _append(
    db_session: Session,
    subjects: str,
    parameters: dict[str, object],
    *,
    actor: Actor,
    action: AuditAction,
    resource: str,
    purpose: str,
) -> int:
    """One INSERT of an event per distinct subject the query selects."""
    written = db_session.execute(
        text(
            "INSERT INTO audit_events (actor_kind, actor_id, subject, action, resource, purpose) "
            f"SELECT DISTINCT :kind, :id, subject, :action, :resource, :purpose FROM ({subjects}) s"
        ),
        {
            **parameters,
            "kind": actor.kind,
            "id": actor.id,
            "action": action,
            "resource": resource,
            "purpose": purpose,
        },
    )
    return int(written.rowcount)  # type: ignore[attr-defined]


def read_events(
    *, db_session: Session, subject: str, params: PageParams, actor: Actor, purpose: str
) -> tuple[list[AuditEvent], int]:
    """One page of a person's audit events, newest first, and their total; the read is audited."""
    rows, total = fetch_page(db_session, query_for_subject(subject), params)
    record(
        db_session=db_session,
        actor=actor,
        subjects=[subject],
        action="read",
        resource="audit.events",
        purpose=purpose,
    )
    return rows, total


def query_for_subject(subject: str) -> Select[AuditEvent]:
    """Select a person's audit events, newest first."""
    return (
        select(AuditEvent)
        .where(AuditEvent.subject == subject)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
