"""Apply a centre's decision once and in the claim's order: claim, entitlement, payments, card.

Decisions carry the claim's sequence number; one that arrives before its predecessor waits, and
applying one applies the waiting successor in the same transaction. A grant is checked against
the rules engine: a different amount is held for an officer, the rest are paid.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import ProblemError
from ansinh.core.security.actor import SYSTEM
from ansinh.health.lifecycle.service import end_fund_card, issue_fund_cards
from ansinh.health.schemas import FundCard
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


@dataclass
class _Chunk:
    """What one transaction's decisions share: waiting successors, the grantees' reserved
    months, and the grants' schedules and fund cards, created as sets before any other kind of
    decision is applied."""

    waiting: dict[tuple[uuid.UUID, int], InboxEntry]
    reserved: dict[str, int]
    schedules: list[ScheduleCreate] = field(default_factory=list)
    cards: dict[str, FundCard] = field(default_factory=dict)

    def successor(self, claim: Claim | None) -> InboxEntry | None:
        """The claim's waiting decision that comes next, if it has arrived."""
        if claim is None:
            return None
        return self.waiting.pop((claim.claim_id, claim.applied_seq + 1), None)

    def months_reserved(self, db_session: Session, si_number: str) -> int:
        """Months the person kept from an earlier benefit (read again after a reservation)."""
        if si_number not in self.reserved:
            self.reserved |= _reserved(db_session, [si_number])
        return self.reserved[si_number]

    def grant(self, db_session: Session, schedule: ScheduleCreate | None, card: FundCard) -> None:
        """Keep a grant's schedule (if it is paid now) and card for the chunk's sets."""
        if card.si_number in self.cards:
            self.create(db_session)
        self.schedules += [schedule] if schedule else []
        self.cards[card.si_number] = card

    def create(self, db_session: Session) -> None:
        """Create the kept schedules and cards."""
        payments.create_schedules(db_session=db_session, schedules=self.schedules)
        cards = list(self.cards.values())
        issue_fund_cards(db_session=db_session, cards=cards, actor=SYSTEM, purpose=PURPOSE)
        self.schedules, self.cards = [], {}


def _reserved(db_session: Session, si_numbers: Sequence[str]) -> dict[str, int]:
    """Each person's months kept by their latest reservation (0: none)."""
    rows = db_session.execute(
        select(Entitlement.si_number, Entitlement.months_reserved)
        .where(Entitlement.si_number.in_(si_numbers), Entitlement.status == "reserved")
        .order_by(Entitlement.si_number, Entitlement.created_at.desc())
        .ext(distinct_on(Entitlement.si_number))
    )
    return dict.fromkeys(si_numbers, 0) | dict(rows.all())


def handle(*, db_session: Session, inbox_id: int) -> str:
    """Apply one inbox entry once (and its waiting successors); its new state."""
    [state] = handle_many(db_session=db_session, inbox_ids=[inbox_id])
    return state


def handle_many(*, db_session: Session, inbox_ids: Sequence[int]) -> list[str]:
    """Apply entries once, in their claims' order, in one transaction; their new states.

    An entry another transaction holds is "locked". The grants' books and reserved months are
    read at once and their schedules and cards created as sets.
    """
    entries = {
        e.inbox_id: e
        for e in db_session.scalars(
            select(InboxEntry)
            .where(InboxEntry.inbox_id.in_(inbox_ids))
            .order_by(InboxEntry.inbox_id)
            .with_for_update(skip_locked=True)
        )
    }
    claim_ids = {e.claim_id for e in entries.values() if e.state in ("pending", "waiting")}
    claims = {
        c.claim_id: c
        for c in db_session.scalars(
            select(Claim)
            .where(Claim.claim_id.in_(claim_ids))
            .order_by(Claim.claim_id)
            .with_for_update()
        )
    }
    waiting = db_session.scalars(
        select(InboxEntry)
        .where(InboxEntry.claim_id.in_(claim_ids), InboxEntry.state == "waiting")
        .with_for_update(skip_locked=True)
    ).all()
    grants = [
        claims[e.claim_id]
        for e in entries.values()
        if e.kind == "grant" and e.claim_id in claims and e.state == "pending"
    ]
    chunk = _Chunk(
        waiting={(w.claim_id, w.seq): w for w in waiting if w.claim_id and w.seq},
        reserved=_reserved(db_session, [c.si_number for c in grants]),
    )
    states = {}
    with amounts.preloaded(db_session, grants):
        for inbox_id, entry in entries.items():
            claim = claims.get(entry.claim_id) if entry.claim_id else None
            states[inbox_id] = _handle(db_session, chunk, entry, claim)
        chunk.create(db_session)
    db_session.flush()
    return [states.get(i, "locked") for i in inbox_ids]


def _handle(db_session: Session, chunk: _Chunk, entry: InboxEntry, claim: Claim | None) -> str:
    if entry.state not in ("pending", "waiting"):
        return str(entry.state)
    first: InboxEntry | None = entry
    while first is not None:
        _apply_in_order(db_session, chunk, first, claim)
        first = chunk.successor(claim) if first.state != "waiting" else None
    return str(entry.state)


def _apply_in_order(
    db_session: Session, chunk: _Chunk, entry: InboxEntry, claim: Claim | None
) -> None:
    assert entry.seq is not None
    if claim is None:
        entry.state, entry.refusal = "failed", "no such claim on the platform"
    elif entry.seq <= claim.applied_seq:
        entry.state, entry.refusal = "failed", f"decision {entry.seq} of the claim was applied"
    elif entry.seq > claim.applied_seq + 1:
        entry.state = "waiting"
        chunk.waiting[(claim.claim_id, entry.seq)] = entry
    else:
        if entry.kind != "grant":
            chunk.create(db_session)  # the decision may act on the chunk's cards
        try:
            if entry.kind == "grant":
                _grant(db_session, chunk, claim, entry)  # refuses before it writes
            else:
                with db_session.begin_nested():
                    APPLY[str(entry.kind)](db_session, claim, entry)
                if entry.kind == "reservation":
                    chunk.reserved.pop(claim.si_number, None)
        except (Unfit, ValidationError, ProblemError) as exc:
            entry.state, entry.refusal = "failed", str(exc)[:500]
        else:
            entry.state = "done"
        claim.applied_seq = entry.seq  # a failed decision must not block the ones after it
    entry.handled_at = clock.now() if entry.state in ("done", "failed") else None


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


def _schedule_of(entitlement: Entitlement) -> ScheduleCreate:
    assert entitlement.amount is not None
    return ScheduleCreate(
        schedule_id=entitlement.entitlement_id,
        si_number=entitlement.si_number,
        province_code=entitlement.province_code,
        purpose=PAID_AS,
        amount=entitlement.amount,
        start=entitlement.first_month,
        end=entitlement.last_month,
        granted_on=entitlement.first_month,
    )


def schedule(db_session: Session, entitlement: Entitlement) -> None:
    """Hand a released entitlement to payments (a monthly schedule under its id)."""
    payments.create_schedule(db_session=db_session, schedule=_schedule_of(entitlement))
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


def _grant(db_session: Session, chunk: _Chunk, claim: Claim, entry: InboxEntry) -> None:
    grant = Grant.model_validate(entry.payload)
    if grant.last_month < grant.first_month:
        raise Unfit("the benefit's last month is before its first")
    reserved = chunk.months_reserved(db_session, claim.si_number)
    ours = amounts.compute(db_session, claim, carried_forward=reserved)
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
    card = FundCard(
        si_number=claim.si_number,
        object_code=FUND_CARD,
        province_code=claim.province_code,
        valid_from=entitlement.first_month,
        valid_to=add_months(entitlement.last_month, 1) - timedelta(days=1),
    )
    schedule = _schedule_of(entitlement) if agreed else None
    db_session.add(entitlement)
    claim.status = "granted"
    entitlement.scheduled = agreed
    chunk.grant(db_session, schedule, card)


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
    "incomplete": _closing("incomplete"),
    "refusal": _closing("refused"),
    "suspension": _suspend,
    "resumption": _resume,
    "termination": _terminate,
    "transfer": _transfer,
    "reservation": _reserve,
}
