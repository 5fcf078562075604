"""Where each line of a batch stands: refused at intake, or its claim's status and decision.

The outcome is read live from the claims core's tables, so an officer's later decision on a
held or pending claim shows in the employer's result.
"""

from __future__ import annotations

import csv
import io
import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.benefits.claims.batches.enums import LineStatus
from ansinh.benefits.claims.batches.paper import batch_paper
from ansinh.benefits.claims.batches.schemas import BatchLineRead
from ansinh.benefits.claims.batches.service import get_batch
from ansinh.core.audit import service as audit
from ansinh.core.pagination import PageParams
from ansinh.core.security.actor import Actor
from ansinh.documents import service as documents

_STATUS = """CASE
  WHEN l.reason IS NOT NULL OR c.claim_id IS NULL THEN 'rejected'
  WHEN c.status = 'granted' THEN 'granted'
  WHEN c.status = 'held' THEN 'held'
  WHEN c.status IN ('refused', 'revoked') THEN 'refused'
  ELSE 'pending' END"""
_LINES = f"""
SELECT l.line, l.si_number, l.branch, l.subtype, l.from_date, l.to_date, l.days,
  {_STATUS} AS status, c.reference AS claim_reference,
  CASE WHEN c.status = 'granted' THEN d.amount END AS amount,
  coalesce(l.reason, c.hold_reason, (SELECT string_agg(r, '; ') FROM
    jsonb_array_elements_text(CASE WHEN c.status IN ('refused', 'revoked') THEN d.reasons
    ELSE '[]'::jsonb END) AS r)) AS reason,
  coalesce(c.late_filing, false) AS late, c.late_explanation
FROM claim_batch_lines l
LEFT JOIN benefit_claims c ON c.claim_id = l.claim_id
LEFT JOIN LATERAL (SELECT amount, reasons FROM benefit_decisions d WHERE d.claim_id = c.claim_id
  AND d.superseded_at IS NULL ORDER BY d.decided_at IS NULL, d.made_at DESC LIMIT 1) d ON true
WHERE l.batch_id = :id
"""
_COLUMNS = list(BatchLineRead.model_fields)


def summary(*, db_session: Session, batch_id: uuid.UUID) -> tuple[dict[LineStatus, int], int]:
    """Lines by status, and how many the employer filed late (no person named: not audited)."""
    rows = db_session.execute(
        text(
            f"SELECT status, count(*), count(*) FILTER (WHERE late) FROM ({_LINES}) r "
            "GROUP BY status"
        ),
        {"id": batch_id},
    ).all()
    return {LineStatus(s): int(n) for s, n, _ in rows}, sum(int(late) for _, _, late in rows)


def _lines(
    db_session: Session, batch_id: uuid.UUID, *, limit: int | None = None, offset: int = 0
) -> list[BatchLineRead]:
    rows = db_session.execute(
        text(f"{_LINES} ORDER BY l.line LIMIT :limit OFFSET :offset"),
        {"id": batch_id, "limit": limit, "offset": offset},
    ).mappings()
    return [BatchLineRead.model_validate(dict(r)) for r in rows]


def _audit(db_session: Session, lines: list[BatchLineRead], *, actor: Actor, purpose: str) -> None:
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=sorted({line.si_number for line in lines if line.si_number}),
        action="read",
        resource="benefits.claim_batch",
        purpose=purpose,
    )


def page_lines(
    *, db_session: Session, batch_id: uuid.UUID, params: PageParams, actor: Actor, purpose: str
) -> tuple[list[BatchLineRead], int]:
    """One page of a batch's lines with their outcomes and the total; the persons are audited."""
    batch = get_batch(db_session=db_session, batch_id=batch_id, actor=actor)
    lines = _lines(db_session, batch_id, limit=params.size, offset=params.offset)
    _audit(db_session, lines, actor=actor, purpose=purpose)
    return lines, batch.lines_total


def result_pdf(*, db_session: Session, batch_id: uuid.UUID, actor: Actor, purpose: str) -> bytes:
    """The whole result as a sealed PDF for the employer; the persons on it are audited."""
    batch = get_batch(db_session=db_session, batch_id=batch_id, actor=actor)
    lines = _lines(db_session, batch_id)
    issued = documents.issue_batch_result(
        db_session=db_session,
        actor=actor,
        paper=batch_paper(batch, lines),
        si_numbers=sorted({line.si_number for line in lines if line.si_number}),
        purpose=purpose,
    )
    return issued.pdf


def result_csv(*, db_session: Session, batch_id: uuid.UUID, actor: Actor, purpose: str) -> bytes:
    """The whole result as CSV (UTF-8 with BOM, for spreadsheets); the persons are audited."""
    get_batch(db_session=db_session, batch_id=batch_id, actor=actor)
    lines = _lines(db_session, batch_id)
    _audit(db_session, lines, actor=actor, purpose=purpose)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_COLUMNS)
    writer.writeheader()
    writer.writerows(line.model_dump(mode="json") for line in lines)
    return buffer.getvalue().encode("utf-8-sig")
