"""Benefit claims' verbs: file, decide, approve, refuse, adjust, revoke, and the audited reads.

Every verb takes keyword-only `actor` and `purpose`, records its audit event in the caller's
transaction, and flushes, never commits. Set-based where it counts (`file_claims`): one read of
persons, certificates, books and open claims for the whole batch, the engine per line.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.claims import deciding, settle
from ansinh.benefits.claims.branches import rule_of
from ansinh.benefits.claims.enums import (
    Branch,
    ClaimantKind,
    ClaimStatus,
    EntitlementStatus,
    Outcome,
)
from ansinh.benefits.claims.exceptions import (
    ClaimNotFound,
    FourEyes,
    NotDecidable,
    NothingPending,
    NotSettled,
)
from ansinh.benefits.claims.filing import check_lines, due_on, first_steps, hold_of, store
from ansinh.benefits.claims.models import Claim, ClaimEvent, Decision, Entitlement
from ansinh.benefits.claims.schemas import (
    Adjustment,
    ClaimDossier,
    ClaimLine,
    ClaimRead,
    ClaimReceipt,
    DecisionDetail,
    DecisionRead,
    EntitlementRead,
    FiledBatch,
    FiledLine,
    QueueItem,
    Refusal,
    TimelineEntry,
)
from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.audit.service import AuditAction
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.registry import service as registry
from ansinh.rules.engine import Result

RESOURCE = "benefits.claims"
WAITING = (
    ClaimStatus.AWAITING_CONFIRMATION,
    ClaimStatus.HELD,
    ClaimStatus.RECEIVED,
    ClaimStatus.PENDING_APPROVAL,
)


def _who(actor: Actor) -> str:
    return f"{actor.kind}:{actor.id}"


def _audit(
    db_session: Session, actor: Actor, subjects: Sequence[str], action: AuditAction, purpose: str
) -> None:
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=subjects,
        action=action,
        resource=RESOURCE,
        purpose=purpose,
    )


def _decide_set(
    db_session: Session, claims: Sequence[Claim], *, maker: str, automatic: bool
) -> None:
    """Decide claims already stored (their objects are expired afterwards)."""
    now = clock.now()
    found = deciding.verdicts(db_session, claims, automatic=automatic, today=now.date())
    plan = settle.plan_verdicts(found, maker=maker, now=now)
    settle.write_plan(db_session, plan, maker=maker, update_claims=True)
    db_session.expire_all()


def file_claims(
    db_session: Session,
    *,
    lines: Sequence[ClaimLine],
    claimant_kind: ClaimantKind,
    received_on: date,
    unit_code: str | None = None,
    batch_id: uuid.UUID | None = None,
    decide_now: bool = True,
    actor: Actor,
    purpose: str,
) -> FiledBatch:
    """File many lines at once (numbered from 1); complete ones are decided at once.

    Set-based: persons, certificates, books and open claims are read once for the batch, the
    rules engine runs per line in memory, and each table is written in one statement.
    """
    persons = registry.get_persons(
        db_session=db_session, si_numbers={line.si_number for line in lines}
    )
    filed, problems = check_lines(
        db_session,
        list(enumerate(lines, start=1)),
        claimant_kind=claimant_kind,
        unit_code=unit_code,
        received_on=received_on,
        batch_id=batch_id,
        status=ClaimStatus.RECEIVED,
        persons=persons,
    )
    rows = [row for _, row in filed]
    steps = first_steps(rows)
    maker = _who(actor if claimant_kind == ClaimantKind.OFFICER else SYSTEM)
    received = [Claim(**row) for row in rows if row["status"] == ClaimStatus.RECEIVED]
    plan = settle.Plan()
    if decide_now and received:
        now = clock.now()
        found = deciding.verdicts(
            db_session, received, automatic=True, today=now.date(), persons=persons
        )
        plan = settle.plan_verdicts(found, maker=maker, now=now)
        decided = plan.status_of()
        for row in rows:
            row.update(decided.get(row["claim_id"], {}))
    store(db_session, rows)
    settle.write_plan(
        db_session, plan, maker=maker, update_claims=False, first=(steps, _who(actor))
    )
    _audit(db_session, actor, [row["si_number"] for row in rows], "create", purpose)
    return FiledBatch(
        batch_id=batch_id,
        filed=[
            FiledLine(
                line=number,
                claim_id=row["claim_id"],
                reference=row["reference"],
                status=ClaimStatus(row["status"]),
                hold_reason=row["hold_reason"],
            )
            for number, row in filed
        ],
        problems=problems,
    )


def file_claim(
    db_session: Session,
    *,
    line: ClaimLine,
    claimant_kind: ClaimantKind,
    received_on: date,
    unit_code: str | None = None,
    decide_now: bool = True,
    actor: Actor,
    purpose: str,
) -> ClaimRead:
    """File one claim (held when its evidence is missing or wrong); Unprocessable with reasons."""
    batch = file_claims(
        db_session,
        lines=[line],
        claimant_kind=claimant_kind,
        received_on=received_on,
        unit_code=unit_code,
        decide_now=decide_now,
        actor=actor,
        purpose=purpose,
    )
    if batch.problems:
        raise Unprocessable("; ".join(batch.problems[0].reasons))
    claim = db_session.get_one(Claim, batch.filed[0].claim_id)
    return ClaimRead.model_validate(claim)


def _by_reference(db_session: Session, reference: str, si_number: str | None = None) -> Claim:
    claim = db_session.scalar(select(Claim).where(Claim.reference == reference))
    if claim is None or (si_number is not None and claim.si_number != si_number):
        raise ClaimNotFound()
    return claim


def _pending(db_session: Session, claim: Claim) -> Decision | None:
    return db_session.scalar(
        select(Decision).where(Decision.claim_id == claim.claim_id, Decision.decided_at.is_(None))
    )


def _in_force(db_session: Session, claim: Claim) -> Decision | None:
    return db_session.scalar(
        select(Decision).where(
            Decision.claim_id == claim.claim_id,
            Decision.decided_at.is_not(None),
            Decision.superseded_at.is_(None),
        )
    )


def _step(
    db_session: Session, claim: Claim, status: ClaimStatus, actor: Actor, note: str | None
) -> None:
    claim.status = status.value
    settle.timeline(db_session, ([(claim.claim_id, status, note)], _who(actor)))


def decide(
    db_session: Session, *, reference: str, actor: Actor, purpose: str
) -> DecisionRead | None:
    """Compute a received claim with the engine; final where the law allows, else for a checker.

    None when the claim had to be held (the engine could not compute it; the reason is kept).
    """
    claim = _by_reference(db_session, reference)
    if claim.status != ClaimStatus.RECEIVED:
        raise NotDecidable(claim.status)
    _audit(db_session, actor, [claim.si_number], "update", purpose)
    _decide_set(db_session, [claim], maker=_who(actor), automatic=True)
    decision = _pending(db_session, claim) or _in_force(db_session, claim)
    return None if decision is None else DecisionRead.model_validate(decision)


def approve(db_session: Session, *, reference: str, actor: Actor, purpose: str) -> DecisionRead:
    """A second officer puts a waiting decision in force (never its maker, never the system)."""
    claim = _by_reference(db_session, reference)
    decision = _pending(db_session, claim)
    if decision is None:
        raise NothingPending()
    if decision.maker == _who(actor) or actor.kind == SYSTEM.kind:
        raise FourEyes()
    _audit(db_session, actor, [claim.si_number], "update", purpose)
    now = clock.now()
    old = db_session.get(Decision, decision.supersedes) if decision.supersedes else None
    if old is not None:
        old.superseded_at = now
        db_session.flush()  # out of force before the new one comes into force
    decision.checker, decision.decided_at = _who(actor), now
    _step(db_session, claim, ClaimStatus(decision.outcome), actor, "approved")
    db_session.flush()
    if old is not None:
        settle.supersede(db_session, old, decision, claim, now.date())
    elif decision.outcome == Outcome.GRANTED and decision.trace is not None:
        result = Result.model_validate(decision.trace)
        owed = settle.owed_by(claim, decision.decision_id, result, now.date())
        settle.entitle(db_session, [owed])
    db_session.flush()
    return DecisionRead.model_validate(decision)


def _new_decision(
    db_session: Session, row: dict[str, Any], *, supersedes: Decision | None
) -> Decision:
    decision = Decision(**row)
    if supersedes is not None:
        decision.supersedes = supersedes.decision_id
        decision.difference = (decision.amount or 0) - (supersedes.amount or 0)
    db_session.add(decision)
    db_session.flush()
    return decision


def refuse(
    db_session: Session, *, reference: str, refusal: Refusal, actor: Actor, purpose: str
) -> DecisionRead:
    """Refuse a claim not yet decided, in writing with reasons (a waiting decision is dropped)."""
    claim = _by_reference(db_session, reference)
    if claim.status not in (ClaimStatus.RECEIVED, ClaimStatus.HELD, ClaimStatus.PENDING_APPROVAL):
        raise NotDecidable(claim.status)
    if _in_force(db_session, claim) is not None:
        raise NotDecidable(claim.status)
    _audit(db_session, actor, [claim.si_number], "update", purpose)
    waiting = _pending(db_session, claim)
    if waiting is not None:
        db_session.delete(waiting)
        db_session.flush()
    row = settle.decision_row(
        uuid.uuid4(),
        claim,
        Outcome.REFUSED,
        None,
        refusal.reasons,
        maker=_who(actor),
        now=clock.now(),
        final=True,
    )
    decision = _new_decision(db_session, row, supersedes=None)
    _step(db_session, claim, ClaimStatus.REFUSED, actor, "; ".join(refusal.reasons))
    return DecisionRead.model_validate(decision)


def _settled(db_session: Session, claim: Claim) -> Decision:
    old = _in_force(db_session, claim)
    if old is None or old.outcome != Outcome.GRANTED or _pending(db_session, claim) is not None:
        raise NotSettled()
    return old


def adjust(
    db_session: Session, *, reference: str, adjustment: Adjustment, actor: Actor, purpose: str
) -> DecisionRead:
    """Recompute a granted claim with corrected facts: a new decision, for a checker, that
    supersedes the one in force and states the difference."""
    claim = _by_reference(db_session, reference)
    old = _settled(db_session, claim)
    _audit(db_session, actor, [claim.si_number], "update", purpose)
    claim.facts = claim.facts | adjustment.model_dump(mode="json")["facts"]
    now = clock.now()
    verdict = deciding.verdicts(db_session, [claim], automatic=False, today=now.date())[0]
    if verdict.outcome is None:
        raise Unprocessable(verdict.hold or "the rules engine cannot compute the adjusted claim")
    row = settle.decision_row(
        uuid.uuid4(),
        claim,
        verdict.outcome,
        verdict.result,
        [adjustment.reason, *verdict.reasons],
        maker=_who(actor),
        now=now,
        final=False,
    )
    decision = _new_decision(db_session, row, supersedes=old)
    _step(db_session, claim, ClaimStatus.PENDING_APPROVAL, actor, adjustment.reason)
    return DecisionRead.model_validate(decision)


def revoke(
    db_session: Session, *, reference: str, refusal: Refusal, actor: Actor, purpose: str
) -> DecisionRead:
    """Propose revoking a granted claim, for a checker: monthly payments end, sums paid are
    recovered."""
    claim = _by_reference(db_session, reference)
    old = _settled(db_session, claim)
    _audit(db_session, actor, [claim.si_number], "update", purpose)
    row = settle.decision_row(
        uuid.uuid4(),
        claim,
        Outcome.REVOKED,
        None,
        refusal.reasons,
        maker=_who(actor),
        now=clock.now(),
        final=False,
    )
    decision = _new_decision(db_session, row, supersedes=old)
    _step(db_session, claim, ClaimStatus.PENDING_APPROVAL, actor, "; ".join(refusal.reasons))
    return DecisionRead.model_validate(decision)


def confirm(
    db_session: Session,
    *,
    reference: str,
    si_number: str | None = None,
    actor: Actor,
    purpose: str,
) -> ClaimRead:
    """The person or the employer confirms a pre-filled claim: it is received today."""
    claim = _by_reference(db_session, reference, si_number)
    if claim.status != ClaimStatus.AWAITING_CONFIRMATION:
        raise NotDecidable(claim.status)
    _audit(db_session, actor, [claim.si_number], "update", purpose)
    today = clock.today()
    rule = rule_of(claim.branch)
    claim.received_on = claim.complete_on = today
    claim.due_on = due_on(
        rule.procedure, today, citizen_filed=actor.kind == "citizen", short_term=rule.short_term
    )
    _step(db_session, claim, ClaimStatus.RECEIVED, actor, "confirmed")
    db_session.flush()
    return ClaimRead.model_validate(claim)


def resume(
    db_session: Session,
    *,
    reference: str,
    late_explanation: str | None = None,
    actor: Actor,
    purpose: str,
) -> ClaimRead:
    """Look at a held claim again (a certificate may have arrived, the explanation be given):
    once nothing holds it, it is received today and decided like a new one."""
    claim = _by_reference(db_session, reference)
    if claim.status != ClaimStatus.HELD:
        raise NotDecidable(claim.status)
    _audit(db_session, actor, [claim.si_number], "update", purpose)
    if late_explanation:
        claim.late_explanation = late_explanation
    claim.hold_reason = hold_of(db_session, claim)
    if claim.hold_reason is None:
        rule, today = rule_of(claim.branch), clock.today()
        claim.complete_on = today
        claim.due_on = due_on(
            rule.procedure,
            today,
            citizen_filed=claim.claimant_kind == ClaimantKind.CITIZEN,
            short_term=rule.short_term,
        )
        _step(db_session, claim, ClaimStatus.RECEIVED, actor, "evidence complete")
        db_session.flush()
        maker = actor if claim.claimant_kind == ClaimantKind.OFFICER else SYSTEM
        _decide_set(db_session, [claim], maker=_who(maker), automatic=True)
    db_session.flush()
    return ClaimRead.model_validate(claim)


def claims_of_person(
    db_session: Session, *, si_number: str, actor: Actor, purpose: str
) -> list[ClaimRead]:
    """A person's claims, newest first."""
    claims = db_session.scalars(
        select(Claim)
        .where(Claim.si_number == si_number)
        .order_by(Claim.received_on.desc(), Claim.reference)
    )
    _audit(db_session, actor, [si_number], "read", purpose)
    return [ClaimRead.model_validate(c) for c in claims]


def claim_dossier(
    db_session: Session,
    *,
    reference: str,
    si_number: str | None = None,
    actor: Actor,
    purpose: str,
) -> ClaimDossier:
    """A claim with its timeline and decisions; with `si_number`, only if it is that person's."""
    claim = _by_reference(db_session, reference, si_number)
    _audit(db_session, actor, [claim.si_number], "read", purpose)
    events = db_session.scalars(
        select(ClaimEvent)
        .where(ClaimEvent.claim_id == claim.claim_id)
        .order_by(ClaimEvent.event_id)
    )
    decisions = db_session.scalars(
        select(Decision)
        .where(Decision.claim_id == claim.claim_id)
        .order_by(Decision.made_at.desc())
    )
    return ClaimDossier(
        claim=ClaimRead.model_validate(claim),
        timeline=[TimelineEntry.model_validate(e) for e in events],
        decisions=[DecisionDetail.model_validate(d) for d in decisions],
    )


def receipt_of(
    db_session: Session, *, claim_id: uuid.UUID, actor: Actor, purpose: str
) -> ClaimReceipt | None:
    """The receipt channel and account a claim stated, if there is such a claim; audited."""
    claim = db_session.get(Claim, claim_id)
    if claim is None:
        return None
    _audit(db_session, actor, [claim.si_number], "read", purpose)
    return ClaimReceipt.model_validate(claim, from_attributes=True)


def claim_timeline(
    db_session: Session, *, reference: str, si_number: str, actor: Actor, purpose: str
) -> list[TimelineEntry]:
    """A person's own claim's status timeline (the citizen's view)."""
    dossier = claim_dossier(
        db_session, reference=reference, si_number=si_number, actor=actor, purpose=purpose
    )
    return dossier.timeline


def queue(
    db_session: Session,
    *,
    province_code: str,
    limit: int = 200,
    actor: Actor,
    purpose: str,
) -> list[QueueItem]:
    """A province's claims waiting for a decision, soonest due first, late ones flagged."""
    today = clock.today()
    claims = list(
        db_session.scalars(
            select(Claim)
            .where(
                Claim.province_code == province_code,
                Claim.status.in_([s.value for s in WAITING]),
            )
            .order_by(Claim.due_on.asc().nulls_last(), Claim.received_on, Claim.reference)
            .limit(limit)
        )
    )
    _audit(db_session, actor, [c.si_number for c in claims], "read", purpose)
    return [
        QueueItem(
            reference=c.reference,
            branch=Branch(c.branch),
            si_number=c.si_number,
            status=ClaimStatus(c.status),
            received_on=c.received_on,
            due_on=c.due_on,
            late=c.due_on is not None and c.due_on < today,
            late_filing=c.late_filing,
            hold_reason=c.hold_reason,
        )
        for c in claims
    ]


def list_entitlements(
    db_session: Session,
    *,
    since: date | None = None,
    limit: int = 10_000,
    actor: Actor,
    purpose: str,
) -> list[EntitlementRead]:
    """Active entitlements (starting on or after `since`), oldest first, to list and export."""
    statement = select(Entitlement).where(Entitlement.status == EntitlementStatus.ACTIVE.value)
    if since is not None:
        statement = statement.where(Entitlement.start >= since)
    rows = list(
        db_session.scalars(
            statement.order_by(Entitlement.created_at, Entitlement.entitlement_id).limit(limit)
        )
    )
    _audit(db_session, actor, [r.si_number for r in rows], "read", purpose)
    return [EntitlementRead.model_validate(r) for r in rows]
