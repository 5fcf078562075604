"""File a batch's valid staged lines through the claims core, which decides them at once.

Lines the core cannot file (facts its engine refuses) get their reasons written back to
`cb_stage`, so they count as refused like any other line.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service as claims
from ansinh.benefits.claims.batches.mapping import claim_line
from ansinh.benefits.claims.batches.models import ClaimBatch
from ansinh.benefits.claims.enums import ClaimantKind
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.core.errors import reasons_of
from ansinh.core.security.actor import Actor

_REFUSE = (
    "UPDATE cb_stage s SET reason = u.reason FROM unnest(CAST(:lines AS int[]), "
    "CAST(:reasons AS text[])) AS u(line, reason) WHERE s.line = u.line"
)
_FILED = (
    "UPDATE cb_stage s SET filed_as = u.position FROM unnest(CAST(:lines AS int[]), "
    "CAST(:positions AS int[])) AS u(line, position) WHERE s.line = u.line"
)


def file_staged(*, db_session: Session, actor: Actor, purpose: str, batch: ClaimBatch) -> None:
    """File the staged lines without a refusal as claims of the batch, decided where possible."""
    numbers: list[int] = []
    lines: list[ClaimLine] = []
    refused: dict[int, str] = {}
    staged = db_session.execute(
        text("SELECT * FROM cb_stage WHERE reason IS NULL ORDER BY line")
    ).mappings()
    for row in staged:
        try:
            lines.append(ClaimLine.model_validate(claim_line(dict(row))))
        except ValidationError as exc:
            refused[row["line"]] = reasons_of(exc.errors())
            continue
        numbers.append(row["line"])
    if lines:
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
        refused |= {numbers[p.line - 1]: "; ".join(p.reasons) for p in filed.problems}
        db_session.execute(
            text(_FILED),
            {
                "lines": [numbers[f.line - 1] for f in filed.filed],
                "positions": [f.line for f in filed.filed],
            },
        )
    if refused:
        db_session.execute(
            text(_REFUSE), {"lines": list(refused), "reasons": list(refused.values())}
        )
