"""Employer claim lists: idempotent intake, line checks, filing and deciding the valid lines.

One list is one transaction. Its SHA-256 (of the header, the partial flag and the exact
content) is unique, so a retried list returns the first result and changes nothing. Lines are
checked a chunk at a time (Pydantic), then as a set in SQL; the valid ones are filed as claims
through the claims core, which holds those whose evidence is missing and decides the others.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.benefits.claims.batches.checks import check_staged
from ansinh.benefits.claims.batches.exceptions import BatchNotFound, BatchRejected
from ansinh.benefits.claims.batches.filing import file_staged
from ansinh.benefits.claims.batches.models import ClaimBatch
from ansinh.benefits.claims.batches.schemas import BatchHeader
from ansinh.benefits.claims.batches.staging import stage
from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.linecheck import MAX_LISTED_ERRORS, LineError
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.core.temp import BULK_MEMORY

Source = Literal["json", "csv", "xlsx"]
_LOCK = (
    "SELECT pg_advisory_xact_lock(hashtext('ansinh.benefits.claims.batches:' || :unit)), "
    + BULK_MEMORY
)
# After the lock, in a statement of its own: it must see a list committed while it waited.
_KNOWN = (
    "SELECT (SELECT batch_id FROM claim_batches WHERE content_hash = :key), "
    "EXISTS (SELECT FROM employers WHERE unit_code = :unit)"
)
# Every line intake refused: at the edge (cb_refused) or by a business check (cb_stage).
_REFUSED = (
    "SELECT line, field, error FROM cb_refused UNION ALL "
    "SELECT line, field, reason FROM cb_stage WHERE reason IS NOT NULL"
)


@dataclass(frozen=True)
class Received:
    """A stored batch, whether this call created it, and the lines intake refused."""

    batch: ClaimBatch
    duplicate: bool
    errors: list[LineError]  # the first MAX_LISTED_ERRORS, by line


def hash_prefix(*, header: BatchHeader, allow_partial: bool) -> bytes:
    """What the idempotency key hashes before the content."""
    return f"{header.model_dump_json()}|{allow_partial}|".encode()


def content_hash(*, header: BatchHeader, allow_partial: bool, content: bytes) -> str:
    """The idempotency key of a list."""
    digest = hashlib.sha256(hash_prefix(header=header, allow_partial=allow_partial))
    digest.update(content)
    return digest.hexdigest()


def submit(
    *,
    db_session: Session,
    actor: Actor,
    purpose: str,
    header: BatchHeader,
    allow_partial: bool,
    source: Source,
    key: str,
    raw_lines: Iterable[tuple[int, dict[str, object]]],
) -> Received:
    """Check every line; file all (or, if asked, the valid ones) as claims and decide them.

    `raw_lines` is consumed once, a chunk at a time, after the duplicate check.
    """
    db_session.execute(text(_LOCK), {"unit": header.unit_code})
    known, employer = db_session.execute(text(_KNOWN), {"key": key, "unit": header.unit_code}).one()
    if known is not None:
        existing = get_batch(db_session=db_session, batch_id=known, actor=SYSTEM)
        return Received(existing, duplicate=True, errors=stored_errors(db_session, existing))
    if not employer:
        raise Unprocessable("header.unit_code: no employer with this unit code is registered")
    total = stage(db_session, raw_lines)
    if not total:
        raise Unprocessable("lines: the list has no lines; send at least one claim")
    check_staged(
        db_session=db_session, unit_code=header.unit_code, today=clock.today(), lines=total
    )
    batch = ClaimBatch(
        batch_id=uuid.uuid4(),
        content_hash=key,
        source=source,
        allow_partial=allow_partial,
        lines_total=total,
        lines_accepted=0,
        submitted_by=actor.id,
        received_at=clock.now(),
        **header.model_dump(),
    )
    _refuse_unless_partial(db_session, total=total, allow_partial=allow_partial)
    file_staged(db_session=db_session, actor=actor, purpose=purpose, batch=batch)
    refused, errors = _refuse_unless_partial(db_session, total=total, allow_partial=allow_partial)
    batch.lines_accepted = total - refused
    db_session.add(batch)
    db_session.flush()
    _store_lines(db_session, batch.batch_id)
    return Received(batch, duplicate=False, errors=errors)


def _refuse_unless_partial(
    db_session: Session, *, total: int, allow_partial: bool
) -> tuple[int, list[LineError]]:
    """How many lines are refused so far and the first of them; raise if that stops the list."""
    rows = db_session.execute(
        text(f"SELECT *, count(*) OVER () FROM ({_REFUSED}) r ORDER BY line LIMIT :n"),
        {"n": MAX_LISTED_ERRORS},
    ).all()
    refused = int(rows[0][3]) if rows else 0
    errors = [LineError(line=line, field=field, reason=reason) for line, field, reason, _ in rows]
    if refused and (not allow_partial or refused == total):
        raise BatchRejected(errors, total, errors_total=refused)
    return refused, errors


def _store_lines(db_session: Session, batch_id: uuid.UUID) -> None:
    db_session.execute(
        text(
            "INSERT INTO claim_batch_lines (batch_id, line, part, branch, subtype, si_number, "
            "from_date, to_date, days, claim_id, field, reason) "
            "SELECT :id, line, part, branch, subtype, si_number, from_date, to_date, days, "
            "claim_id, field, reason FROM cb_stage UNION ALL "
            "SELECT :id, line, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, field, error "
            "FROM cb_refused"
        ),
        {"id": batch_id},
    )


def stored_errors(db_session: Session, batch: ClaimBatch) -> list[LineError]:
    """The first lines intake refused in a stored batch, by line."""
    rows = db_session.execute(
        text(
            "SELECT line, field, reason FROM claim_batch_lines WHERE batch_id = :id "
            "AND reason IS NOT NULL ORDER BY line LIMIT :n"
        ),
        {"id": batch.batch_id, "n": MAX_LISTED_ERRORS},
    )
    return [LineError(line=n, field=f, reason=r) for n, f, r in rows]


def get_batch(*, db_session: Session, batch_id: uuid.UUID, actor: Actor) -> ClaimBatch:
    """A stored batch, without its lines; an API client sees only the batches it sent."""
    batch = db_session.get(ClaimBatch, batch_id)
    if batch is None or (actor.kind == "client" and batch.submitted_by != actor.id):
        raise BatchNotFound()
    return batch
