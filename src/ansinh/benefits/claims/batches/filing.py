"""File a batch's valid staged lines through the claims core: Part 1 as new claims, decided at
once where the law allows; Part 2 as adjustments of settled claims, for an officer to approve.

Lines the core cannot take (facts its engine refuses) get their reasons written back to
`cb_stage`, so they count as refused like any other line; the others get their claim's id.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service as claims
from ansinh.benefits.claims.batches.mapping import claim_line
from ansinh.benefits.claims.batches.models import ClaimBatch
from ansinh.benefits.claims.enums import ClaimantKind
from ansinh.benefits.claims.schemas import Adjustment, ClaimLine
from ansinh.core.errors import ProblemError, reasons_of
from ansinh.core.security.actor import Actor

_SET = (
    "UPDATE cb_stage s SET claim_id = u.claim_id, reason = u.reason "
    "FROM unnest(CAST(:lines AS int[]), CAST(:claims AS uuid[]), CAST(:reasons AS text[])) "
    "AS u(line, claim_id, reason) WHERE s.line = u.line"
)
Outcomes = dict[int, tuple[uuid.UUID | None, str | None]]


def file_staged(*, db_session: Session, actor: Actor, purpose: str, batch: ClaimBatch) -> None:
    """File the staged lines without a refusal, then record each one's claim or reason."""
    staged = db_session.execute(
        text("SELECT * FROM cb_stage WHERE reason IS NULL ORDER BY line")
    ).mappings()
    new: list[Mapping[str, Any]] = []
    adjustments: list[Mapping[str, Any]] = []
    for row in staged:
        (adjustments if row["part"] == "adjustment" else new).append(dict(row))
    outcomes = _file_new(db_session, new, actor=actor, purpose=purpose, batch=batch)
    outcomes |= _adjust(db_session, adjustments, actor=actor, purpose=purpose)
    if outcomes:
        db_session.execute(
            text(_SET),
            {
                "lines": list(outcomes),
                "claims": [claim for claim, _ in outcomes.values()],
                "reasons": [reason for _, reason in outcomes.values()],
            },
        )


def _file_new(
    db_session: Session,
    rows: Sequence[Mapping[str, Any]],
    *,
    actor: Actor,
    purpose: str,
    batch: ClaimBatch,
) -> Outcomes:
    outcomes: Outcomes = {}
    numbers: list[int] = []
    lines: list[ClaimLine] = []
    for row in rows:
        try:
            lines.append(ClaimLine.model_validate(claim_line(row)))
        except ValidationError as exc:
            outcomes[row["line"]] = (None, reasons_of(exc.errors()))
            continue
        numbers.append(row["line"])
    if not lines:
        return outcomes
    filed = claims.file_claims(
        db_session,
        lines=lines,
        claimant_kind=ClaimantKind.EMPLOYER,
        received_on=batch.received_at.date(),
        unit_code=batch.unit_code,
        batch_id=batch.batch_id,
        actor=actor,
        purpose=purpose,
    )
    outcomes |= {numbers[p.line - 1]: (None, "; ".join(p.reasons)) for p in filed.problems}
    outcomes |= {numbers[f.line - 1]: (f.claim_id, None) for f in filed.filed}
    return outcomes


def _adjust(
    db_session: Session, rows: Sequence[Mapping[str, Any]], *, actor: Actor, purpose: str
) -> Outcomes:
    """Propose each Part 2 line's corrected facts as a new decision on its settled claim."""
    outcomes: Outcomes = {}
    for row in rows:
        adjustment = Adjustment(facts=claim_line(row)["facts"], reason=row["adjustment_reason"])
        try:
            with db_session.begin_nested():  # a refused adjustment leaves its claim untouched
                claims.adjust(
                    db_session,
                    reference=row["adjusts_claim"],
                    adjustment=adjustment,
                    actor=actor,
                    purpose=purpose,
                )
        except ProblemError as exc:
            outcomes[row["line"]] = (None, exc.detail)
        else:
            outcomes[row["line"]] = (row["claim_id"], None)
    return outcomes
