"""Apply a centre's decision once and in the claim's order: claim, entitlement, payments, card.

Decisions carry the claim's sequence number; one that arrives before its predecessor waits, and
applying one applies the waiting successor in the same transaction. A grant is checked against
the rules engine: a different amount is held for an officer, the rest are paid.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import ProblemError
from ansinh.core.security.actor import SYSTEM
from ansinh.health.lifecycle.service import end_fund_card, issue_fund_card
from ansinh.payments import service as payments
from ansinh.payments.schemas import ScheduleCreate
from ansinh.rules.history import add_months, month_start
from ansinh.unemployment import amounts, months
from ansinh.unemployment.models import GROUNDS, Claim, Entitlement, InboxEntry
from ansinh.unemployment.schemas import Change, Grant

FUND_CARD = "TN"  # object code of a card paid by the unemployment fund
PURPOSE = "unemployment benefit decision"
PAID_AS = "BENE"
LIVE = ("active", "held", "suspended")


class Unfit(Exception):
    """The decision does not fit what the platform holds (its reason)."""


def handle(*, db_session: Session, inbox_id: int) -> str:
    """Apply one inbox entry once (and its waiting successors); its new state."""
    entry = db_session.scalar(
        select(InboxEntry).where(InboxEntry.inbox_id == inbox_id).with_for_update(skip_locked=True)
    )
    if entry is None or entry.state not in ("pending", "waiting"):
        return entry.state if entry is not None else "locked"
    claim = db_session.get(Claim, entry.claim_id, with_for_update=True)
    state = entry.state
    while entry is not None:
        _apply_in_order(db_session, entry, claim)
        state = entry.state if entry.inbox_id == inbox_id else state
        entry = _successor(db_session, claim) if entry.state != "waiting" else None
    return state


def handle_many(*, db_session: Session, inbox_ids: Sequence[int]) -> list[str]:
    """Apply several entries in one transaction, the grants' books read at once; their states."""
    grants = db_session.scalars(
        select(Claim)
        .join(InboxEntry, InboxEntry.claim_id == Claim.claim_id)
        .where(InboxEntry.inbox_id.in_(inbox_ids), InboxEntry.kind == "grant")
    ).all()
    with amounts.preloaded(db_session, grants):
        return [handle(db_session=db_session, inbox_id=i) for i in inbox_ids]


def _apply_in_order(db_session: Session, entry: InboxEntry, claim: Claim | None) -> None:
    assert entry.seq is not None
    if claim is None:
        entry.state, entry.refusal = "failed", "no such claim on the platform"
    elif entry.seq <= claim.applied_seq:
        entry.state, entry.refusal = "failed", f"decision {entry.seq} of the claim was applied"
    elif entry.seq > claim.applied_seq + 1:
        entry.state = "waiting"
    else:
        try:
            with db_session.begin_nested():
                APPLY[str(entry.kind)](db_session, claim, entry)
        except (Unfit, ValidationError, ProblemError) as exc:
            entry.state, entry.refusal = "failed", str(exc)[:500]
        else:
            entry.state = "done"
        claim.applied_seq = entry.seq  # a failed decision must not block the ones after it
    entry.handled_at = clock.now() if entry.state in ("done", "failed") else None
    db_session.flush()


def _successor(db_session: Session, claim: Claim | None) -> InboxEntry | None:
    if claim is None:
        return None
    return db_session.scalar(
        select(InboxEntry)
        .where(
            InboxEntry.claim_id == claim.claim_id,
            InboxEntry.state == "waiting",
            InboxEntry.seq == claim.applied_seq + 1,
        )
        .with_for_update()
    )


def current(db_session: Session, claim: Claim) -> Entitlement:
    """The claim's live entitlement (the newest not moved), or Unfit."""
    found = db_session.scalar(
        select(Entitlement)
        .where(Entitlement.claim_id == claim.claim_id, Entitlement.status.in_(LIVE))
        .order_by(Entitlement.first_month.desc())
        .limit(1)
    )
    if found is None:
        raise Unfit("the claim has no benefit in payment")
    return found


def schedule(db_session: Session, entitlement: Entitlement) -> None:
    """Hand a released entitlement to payments (a monthly schedule under its id)."""
    assert entitlement.amount is not None
    payments.create_schedule(
        db_session=db_session,
        schedule=ScheduleCreate(
            schedule_id=entitlement.entitlement_id,
            si_number=entitlement.si_number,
            province_code=entitlement.province_code,
            purpose=PAID_AS,
            amount=entitlement.amount,
            start=entitlement.first_month,
            end=entitlement.last_month,
            granted_on=entitlement.first_month,
        ),
    )
    entitlement.scheduled = True
    if entitlement.status == "suspended":
        _hold(db_session, entitlement, entitlement.first_month)


def _hold(db_session: Session, entitlement: Entitlement, since: date) -> None:
    payments.hold(
        db_session=db_session,
        schedule_id=entitlement.entitlement_id,
        status="suspended",
        reason="decision",
        since=since,
    )


def _grant(db_session: Session, claim: Claim, entry: InboxEntry) -> None:
    grant = Grant.model_validate(entry.payload)
    reserved = db_session.scalar(
        select(Entitlement.months_reserved)
        .where(Entitlement.si_number == claim.si_number, Entitlement.status == "reserved")
        .order_by(Entitlement.created_at.desc())
        .limit(1)
    )
    ours = amounts.compute(db_session, claim, carried_forward=reserved or 0)
    agreed = ours.amount == grant.amount
    assert entry.decision_id is not None
    decided_on = grant.issued_on or entry.received_at.astimezone(clock.VIETNAM).date()
    entitlement = Entitlement(
        entitlement_id=uuid.uuid4(),
        claim_id=claim.claim_id,
        decision_id=entry.decision_id,
        si_number=claim.si_number,
        province_code=claim.province_code,
        first_month=month_start(grant.first_month),
        last_month=month_start(grant.last_month),
        centre_amount=grant.amount,
        our_amount=ours.amount,
        amount=grant.amount if agreed else None,
        months_used=ours.months_used,
        status="active" if agreed else "held",
        hold_reason=None if agreed else "amount_mismatch",
        decided_on=decided_on,
        payable_since=decided_on if agreed else None,
    )
    db_session.add(entitlement)
    db_session.flush()
    claim.status = "granted"
    if agreed:
        schedule(db_session, entitlement)
    issue_fund_card(
        db_session=db_session,
        si_number=claim.si_number,
        object_code=FUND_CARD,
        province_code=claim.province_code,
        valid_from=entitlement.first_month,
        valid_to=add_months(entitlement.last_month, 1) - timedelta(days=1),
        actor=SYSTEM,
        purpose=PURPOSE,
    )


def _closing(status: str) -> Callable[[Session, Claim, InboxEntry], None]:
    def close(db_session: Session, claim: Claim, entry: InboxEntry) -> None:  # noqa: ARG001
        claim.status, claim.reason = status, Change.model_validate(entry.payload).reason

    return close


def _month(entry: InboxEntry) -> date:
    change = Change.model_validate(entry.payload)
    if change.month is None:
        raise Unfit("the decision names no month")
    return month_start(change.month)


def _suspend(db_session: Session, claim: Claim, entry: InboxEntry) -> None:
    entitlement, since = current(db_session, claim), _month(entry)
    entitlement.status = "suspended"
    if entitlement.scheduled:
        _hold(db_session, entitlement, since)
    claim.status = "suspended"


def _resume(db_session: Session, claim: Claim, entry: InboxEntry) -> None:
    entitlement = current(db_session, claim)
    _month(entry)
    entitlement.status = "held" if entitlement.hold_reason else "active"
    if entitlement.scheduled and entitlement.hold_reason is None:
        payments.resume(db_session=db_session, schedule_id=entitlement.entitlement_id)
        entitlement.payable_since = clock.today()
        months.redate(db_session=db_session, entitlement=entitlement)
    claim.status = "granted"


def stop(db_session: Session, entitlement: Entitlement, last_month: date, status: str) -> None:
    """Pay an entitlement nothing after `last_month`; it becomes `status`."""
    entitlement.last_month = min(entitlement.last_month, last_month)
    entitlement.status = status
    if entitlement.scheduled:
        payments.end_schedule(
            db_session=db_session, schedule_id=entitlement.entitlement_id, last_month=last_month
        )


def _end(db_session: Session, claim: Claim, entry: InboxEntry, status: str) -> Entitlement:
    """Stop the benefit after the decision's month and end the fund-paid HI card with the last
    month kept; on a termination, months already paid after it become overpayments (a
    reservation keeps months that were not collected, so it recovers nothing)."""
    entitlement, last = current(db_session, claim), _month(entry)
    ends_on = add_months(last, 1)
    if status == "ended":
        ground = Change.model_validate(entry.payload).ground
        months.overpay(
            db_session=db_session,
            entitlement=entitlement,
            ends_on=ends_on,
            by=ground if ground in GROUNDS else "termination",
        )
    stop(db_session, entitlement, last, status)
    end_fund_card(
        db_session=db_session,
        si_number=claim.si_number,
        object_code=FUND_CARD,
        last_day=ends_on - timedelta(days=1),
        actor=SYSTEM,
        purpose=PURPOSE,
    )
    return entitlement


def _terminate(db_session: Session, claim: Claim, entry: InboxEntry) -> None:
    _end(db_session, claim, entry, "ended")
    claim.status = "ended"
    claim.reason = Change.model_validate(entry.payload).ground


def _reserve(db_session: Session, claim: Claim, entry: InboxEntry) -> None:
    entitlement = _end(db_session, claim, entry, "reserved")
    entitlement.months_reserved = Change.model_validate(entry.payload).months_reserved
    claim.status = "reserved"


def _transfer(db_session: Session, claim: Claim, entry: InboxEntry) -> None:
    old, first = current(db_session, claim), _month(entry)
    province = Change.model_validate(entry.payload).to_province
    if province is None or first > old.last_month or first <= old.first_month:
        raise Unfit("a transfer needs another province and a month inside the benefit")
    moved = Entitlement(
        entitlement_id=uuid.uuid4(),
        claim_id=claim.claim_id,
        decision_id=entry.decision_id,
        si_number=old.si_number,
        province_code=province,
        first_month=first,
        last_month=old.last_month,
        centre_amount=old.centre_amount,
        our_amount=old.our_amount,
        amount=old.amount,
        status=old.status,
        hold_reason=old.hold_reason,
        decided_on=old.decided_on,
        payable_since=old.payable_since,
    )
    stop(db_session, old, add_months(first, -1), "moved")
    db_session.add(moved)
    db_session.flush()
    if old.scheduled:
        schedule(db_session, moved)
    claim.province_code = province


APPLY: dict[str, Callable[[Session, Claim, InboxEntry], None]] = {
    "grant": _grant,
    "incomplete": _closing("incomplete"),
    "refusal": _closing("refused"),
    "suspension": _suspend,
    "resumption": _resume,
    "termination": _terminate,
    "transfer": _transfer,
    "reservation": _reserve,
}
