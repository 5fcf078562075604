"""What the centre cannot see: a new job, a pension, a death; later months held, the centre told."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

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
    month = month_start(occurred_on)
    entitlements = db_session.scalars(
        select(Entitlement).where(
            Entitlement.si_number == si_number,
            Entitlement.status.in_(LIVE),
            Entitlement.last_month > month,
        )
    ).all()
    noticed = 0
    for entitlement in entitlements:
        new = db_session.execute(
            insert(Ground)
            .values(
                claim_id=entitlement.claim_id,
                ground=ground,
                si_number=si_number,
                occurred_on=occurred_on,
            )
            .on_conflict_do_nothing()
            .returning(Ground.claim_id)
        ).first()
        if new is None:
            continue
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
        noticed += 1
    if noticed:
        enqueue(db_session, SEND, {})
    db_session.flush()
    return noticed
