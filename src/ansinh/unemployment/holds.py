"""Officers' queue: benefits held for a different amount or a termination ground; release them."""

from __future__ import annotations

import uuid
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.errors import NotFound, Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.eid import usage
from ansinh.payments import service as payments
from ansinh.unemployment.decisions import schedule
from ansinh.unemployment.models import Entitlement, InboxEntry
from ansinh.unemployment.months import in_time, redate
from ansinh.unemployment.records import RECORDS_PROVIDED
from ansinh.unemployment.schemas import Figures, HeldRead

RESOURCE = "unemployment.entitlement"


def held(*, db_session: Session, actor: Actor, purpose: str, limit: int = 100) -> list[HeldRead]:
    """Entitlements held for an officer, oldest first; the read is audited per person."""
    rows = db_session.scalars(
        select(Entitlement)
        .where(Entitlement.status == "held")
        .order_by(Entitlement.created_at)
        .limit(limit)
    ).all()
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[r.si_number for r in rows],
        action="read",
        resource=RESOURCE,
        purpose=purpose,
    )
    return [HeldRead.model_validate(r) for r in rows]


def release(
    *,
    db_session: Session,
    entitlement_id: uuid.UUID,
    amount: Literal["centre", "ours"],
    actor: Actor,
    purpose: str,
) -> Entitlement:
    """Pay a held entitlement: at the centre's or our amount (a mismatch), or again (a ground
    the centre did not act on)."""
    entitlement = db_session.get(Entitlement, entitlement_id, with_for_update=True)
    if entitlement is None or entitlement.status != "held":
        raise NotFound("Không có khoản trợ cấp đang bị tạm giữ với mã này.")
    if entitlement.hold_reason == "amount_mismatch":
        chosen = entitlement.centre_amount if amount == "centre" else entitlement.our_amount
        if not chosen:
            raise Unprocessable("Không có số tiền do hệ thống tính để chọn.")
        entitlement.amount = chosen
        entitlement.status, entitlement.hold_reason = "active", None
        schedule(db_session, entitlement)
    else:
        entitlement.status, entitlement.hold_reason = "active", None
        if entitlement.scheduled:
            payments.resume(db_session=db_session, schedule_id=entitlement.entitlement_id)
    entitlement.payable_since = clock.today()
    redate(db_session=db_session, entitlement=entitlement)
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[entitlement.si_number],
        action="update",
        resource=RESOURCE,
        purpose=purpose,
    )
    db_session.flush()
    return entitlement


def figures(*, db_session: Session) -> Figures:
    """Scorecard figures: records provided, decisions applied, people paid, months paid in time."""
    applied = db_session.scalar(select(func.count()).where(InboxEntry.state == "done"))
    people = db_session.scalar(
        select(func.count(func.distinct(Entitlement.si_number))).where(Entitlement.scheduled)
    )
    paid, within, late_open = in_time(db_session)
    return Figures(
        records_provided=usage.total(db_session=db_session, metric=RECORDS_PROVIDED),
        decisions_applied=int(applied or 0),
        people_with_benefit=int(people or 0),
        months_paid=paid,
        paid_within_limit=within,
        late_open=late_open,
    )
