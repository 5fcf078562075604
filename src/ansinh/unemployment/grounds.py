"""What the centre cannot see: a new job, a pension, a death; later months held, the centre told."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import String, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core.arrays import any_of
from ansinh.core.jobs.queue import enqueue
from ansinh.payments import service as payments
from ansinh.rules.history import add_months, month_start
from ansinh.unemployment.models import Entitlement, Ground
from ansinh.unemployment.months import overpay

SEND = "unemployment:send"
LIVE = ("active", "held", "suspended")


def notice_ground(*, db_session: Session, si_number: str, ground: str, occurred_on: date) -> int:
    """Record a termination ground for each benefit in payment after `occurred_on`'s month.

    Payment from the next month is held until the centre decides, months already paid after
    the ground become overpayments to recover, and the ground is queued for the centre the same
    day; idempotent by claim and ground. Returns how many were new.
    """
    return notice_grounds(db_session=db_session, ground=ground, occurred=[(si_number, occurred_on)])


def notice_grounds(
    *, db_session: Session, ground: str, occurred: Sequence[tuple[str, date]]
) -> int:
    """`notice_ground` for each (SI number, day) of `occurred`, reading their benefits at once.

    A month's declarations start hundreds of thousands of jobs; one read finds the few persons
    among them whose benefit is in payment. Returns how many grounds were new.
    """
    live = db_session.scalars(
        select(Entitlement).where(
            any_of(Entitlement.si_number, {si_number for si_number, _ in occurred}, String),
            Entitlement.status.in_(LIVE),
        )
    ).all()
    by_person: dict[str, list[Entitlement]] = defaultdict(list)
    for entitlement in live:
        by_person[entitlement.si_number].append(entitlement)
    noticed = 0
    for si_number, occurred_on in occurred:
        month = month_start(occurred_on)
        for entitlement in by_person.get(si_number, ()):
            if entitlement.last_month > month:
                noticed += _notice(db_session, entitlement, ground, occurred_on, month)
    if noticed:
        enqueue(db_session, SEND, {})
    db_session.flush()
    return noticed


def _notice(
    db_session: Session, entitlement: Entitlement, ground: str, occurred_on: date, month: date
) -> int:
    """Record the ground against one benefit, hold it and recover what it overpaid; 1 if new."""
    new = db_session.execute(
        insert(Ground)
        .values(
            claim_id=entitlement.claim_id,
            ground=ground,
            si_number=entitlement.si_number,
            occurred_on=occurred_on,
        )
        .on_conflict_do_nothing()
        .returning(Ground.claim_id)
    ).first()
    if new is None:
        return 0
    if entitlement.scheduled and entitlement.status == "active":
        payments.hold(
            db_session=db_session,
            schedule_id=entitlement.entitlement_id,
            status="held",
            reason="termination_ground",
            since=add_months(month, 1),
        )
    entitlement.status, entitlement.hold_reason = "held", "termination_ground"
    overpay(db_session=db_session, entitlement=entitlement, ends_on=occurred_on, by=ground)
    return 1
