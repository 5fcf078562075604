"""Record decisions, move claims on their timeline, and create the entitlements they owe."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from psycopg.types.json import Jsonb
from pydantic_core import to_json
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from ansinh.benefits.claims.branches import rule_of
from ansinh.benefits.claims.deciding import Verdict
from ansinh.benefits.claims.enums import ClaimStatus, EntitlementStatus, Outcome
from ansinh.benefits.claims.models import Claim, ClaimEvent, Decision, Entitlement
from ansinh.benefits.schemas import EntitlementEnded, EntitlementGranted
from ansinh.core.bulk import copy_rows
from ansinh.core.db import Base
from ansinh.core.events.service import record, record_set
from ansinh.rules.engine import Computed, Result
from ansinh.rules.history import add_months, month_start

MONTHLY_UNIT = "/month"
Steps = Sequence[tuple[uuid.UUID, ClaimStatus, str | None]]
"""Timeline steps: the claim, the status it reached, the note."""
_GRANTED_PAYLOADS = """
SELECT jsonb_build_object('entitlement_id', e.entitlement_id, 'decision_id', e.decision_id,
  'claim_id', e.claim_id, 'si_number', e.si_number, 'branch', e.branch, 'kind', e.kind,
  'purpose', e.purpose, 'amount', e.amount, 'start', e.start, 'end', e."end",
  'review_on', e.review_on, 'channel', e.channel, 'unit_code', e.unit_code) AS payload
FROM benefit_entitlements e WHERE e.entitlement_id = ANY(:ids)
"""


@dataclass(frozen=True)
class Owed:
    """Money a final decision makes owed on a claim."""

    claim: Claim
    decision_id: uuid.UUID
    amount: int
    monthly: bool
    start: date


def law_of(result: Computed) -> list[dict[str, Any]]:
    """The parameters a calculation read: the law in force, with dates and sources."""
    return [
        {
            "name": step.name,
            "value": step.value,
            "effective_from": step.effective_from.isoformat() if step.effective_from else None,
            "source": step.source,
            "confidence": step.confidence,
        }
        for step in result.steps
        if step.kind == "parameter"
    ]


def owed_by(claim: Claim, decision_id: uuid.UUID, result: Result | Computed, today: date) -> Owed:
    """What a granted result owes: monthly from its start, or once, today."""
    monthly = result.unit.endswith(MONTHLY_UNIT)
    starts = result.outputs.get("starts")
    start = (
        (date.fromisoformat(starts) if starts else month_start(claim.period_from))
        if monthly
        else today
    )
    return Owed(claim, decision_id, result.amount or 0, monthly, start)


def copy_dicts(db_session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """COPY rows (dicts keyed by column) into one of this domain's tables."""
    table = Base.metadata.tables[model.__tablename__]
    columns = list(rows[0])
    json = {c.name for c in table.columns if isinstance(c.type, JSONB)}
    copy_rows(  # JSON by pydantic's encoder: a list's traces are most of what it writes
        db_session.connection(),
        table.name,
        columns,
        ([Jsonb(row[c], dumps=to_json) if c in json else row[c] for c in columns] for row in rows),
    )


def timeline(db_session: Session, *groups: tuple[Steps, str]) -> None:
    """Append steps to claims' timelines in one COPY: groups of steps, each with its actor."""
    rows = [
        {"claim_id": c, "status": s.value, "actor": actor, "note": n}
        for steps, actor in groups
        for c, s, n in steps
    ]
    if rows:
        copy_dicts(db_session, ClaimEvent, rows)


def entitle(db_session: Session, owed: Sequence[Owed]) -> int:
    """Create the entitlements and announce them (one event per entitlement, set-based)."""
    rows = [
        {
            "entitlement_id": uuid.uuid4(),
            "decision_id": o.decision_id,
            "claim_id": o.claim.claim_id,
            "si_number": o.claim.si_number,
            "branch": o.claim.branch,
            "kind": "monthly" if o.monthly else "one_off",
            "purpose": rule_of(o.claim.branch).purpose,
            "amount": o.amount,
            "start": o.start,
            "channel": o.claim.channel,
            "unit_code": o.claim.unit_code,
        }
        for o in owed
        if o.monthly or o.amount != 0
    ]
    if not rows:
        return 0
    copy_dicts(db_session, Entitlement, rows)
    ids = [r["entitlement_id"] for r in rows]
    return record_set(db_session, EntitlementGranted, _GRANTED_PAYLOADS, {"ids": ids})


def end_monthly(
    db_session: Session, claim: Claim, *, last_month: date, reason: str
) -> list[Entitlement]:
    """End a claim's monthly entitlements after `last_month`, announcing each end."""
    ended = list(
        db_session.scalars(
            update(Entitlement)
            .where(
                Entitlement.claim_id == claim.claim_id,
                Entitlement.kind == "monthly",
                Entitlement.status == EntitlementStatus.ACTIVE.value,
            )
            .values(status=EntitlementStatus.ENDED.value, end=last_month)
            .returning(Entitlement)
        )
    )
    for entitlement in ended:
        record(
            db_session=db_session,
            event=EntitlementEnded(
                entitlement_id=entitlement.entitlement_id,
                si_number=entitlement.si_number,
                last_month=last_month,
                reason="revoked" if reason == "revoked" else "superseded",
            ),
        )
    return ended


def decision_row(
    decision_id: uuid.UUID,
    claim: Claim,
    outcome: Outcome,
    result: Computed | None,
    reasons: list[str],
    *,
    maker: str,
    now: datetime,
    final: bool,
) -> dict[str, Any]:
    """The columns of a decision (final now, or waiting for its checker)."""
    return {
        "decision_id": decision_id,
        "claim_id": claim.claim_id,
        "outcome": outcome.value,
        "amount": result.amount if result is not None and outcome == Outcome.GRANTED else None,
        "unit": result.unit if result is not None else None,
        "reasons": reasons,
        "trace": result.as_json() if result is not None else None,
        "law": law_of(result) if result is not None else [],
        "maker": maker,
        "made_at": now,
        "decided_at": now if final else None,
    }


@dataclass
class Plan:
    """What a set of verdicts writes: decisions, claims' new statuses, timeline steps, money."""

    decisions: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[dict[str, Any]] = field(default_factory=list)
    steps: list[tuple[uuid.UUID, ClaimStatus, str | None]] = field(default_factory=list)
    owed: list[Owed] = field(default_factory=list)

    def status_of(self) -> dict[uuid.UUID, dict[str, Any]]:
        """Each claim's new status and hold reason, by claim id."""
        return {row["claim_id"]: row for row in self.statuses}


def plan_verdicts(found: Sequence[Verdict], *, maker: str, now: datetime) -> Plan:
    """Turn verdicts into the rows to write (nothing is written)."""
    plan = Plan()
    for verdict in found:
        claim = verdict.claim
        if verdict.outcome is None:
            plan.statuses.append(
                {"claim_id": claim.claim_id, "status": "held", "hold_reason": verdict.hold}
            )
            plan.steps.append((claim.claim_id, ClaimStatus.HELD, verdict.hold))
            continue
        decision_id = uuid.uuid4()
        result = verdict.result
        plan.decisions.append(
            decision_row(
                decision_id,
                claim,
                verdict.outcome,
                result,
                verdict.reasons,
                maker=maker,
                now=now,
                final=verdict.automatic,
            )
        )
        status = (
            ClaimStatus(verdict.outcome.value)
            if verdict.automatic
            else ClaimStatus.PENDING_APPROVAL
        )
        plan.statuses.append(
            {"claim_id": claim.claim_id, "status": status.value, "hold_reason": None}
        )
        plan.steps.append((claim.claim_id, status, "; ".join(verdict.reasons) or None))
        if verdict.automatic and verdict.outcome == Outcome.GRANTED and result is not None:
            plan.owed.append(owed_by(claim, decision_id, result, now.date()))
    return plan


def write_plan(
    db_session: Session,
    plan: Plan,
    *,
    maker: str,
    update_claims: bool,
    first: tuple[Steps, str] = ((), ""),
) -> None:
    """Write the decisions, statuses (of claims already stored), timeline and entitlements.

    `first` are earlier steps (and their actor) written in the same COPY, before the plan's.
    """
    if update_claims and plan.statuses:
        db_session.execute(update(Claim), plan.statuses)
    if plan.decisions:
        copy_dicts(db_session, Decision, plan.decisions)
    timeline(db_session, first, (plan.steps, maker))
    entitle(db_session, plan.owed)


def supersede(db_session: Session, old: Decision, new: Decision, claim: Claim, today: date) -> None:
    """With `new` in force over `old`: end what `old` paid monthly, pay or recover the change."""
    ended = end_monthly(db_session, claim, last_month=month_start(today), reason=new.outcome)
    granted = new.outcome == Outcome.GRANTED
    if ended or (granted and (new.unit or "").endswith(MONTHLY_UNIT)):
        if granted:
            entitle(
                db_session,
                [Owed(claim, new.decision_id, new.amount or 0, True, add_months(today, 1))],
            )
        return
    change = (new.amount or 0) - (old.amount or 0) if granted else -(old.amount or 0)
    entitle(db_session, [Owed(claim, new.decision_id, change, False, today)])
