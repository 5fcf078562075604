"""A beneficiary's death: stop after its month, turn later payments into overpayments, settle.

Law 41/2024 Art. 75: payment ends with death; the months still unpaid up to the month of death
go to the relatives (75.5), and money paid for later months is recovered — first from what the
estate is owed, then from the bank's return, or written off by decision.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import Conflict, NotFound
from ansinh.core.security.actor import Actor
from ansinh.payments.indexation import factor_sql
from ansinh.payments.models import FAILED, Estate, Overpayment, Payee
from ansinh.payments.schedules import create_schedule
from ansinh.payments.schemas import HeirPayee, ScheduleCreate
from ansinh.registry import service as registry
from ansinh.rules.history import month_start

LIVE = f"status NOT IN {FAILED!r}"
ESTATE_NAMESPACE = uuid.UUID("6f0c2a0e-5d1b-4c8e-9a57-3e2f0b9d4a11")
UNKNOWN_PROVINCE = "00"
# Months owed and not paid; a payment is looked up by SI number first (`uq_payments_once`).
OWED = """
    SELECT coalesce(sum(round(s.amount * {factor})), 0)
    FROM payment_schedules s
    CROSS JOIN LATERAL generate_series(s.start, least(coalesce(s."end", :month), :month),
                                       interval '1 month') AS m(month)
    WHERE s.si_number = :si_number AND s.kind = 'monthly'
      AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.si_number = s.si_number
                      AND p.month = m.month AND p.schedule_id = s.schedule_id AND p.{live})
"""


def record_death(*, db_session: Session, si_number: str, date_of_death: date) -> Estate:
    """Apply a death once: end the schedules, record overpayments, set them off the estate."""
    existing = db_session.get(Estate, si_number)
    if existing is not None:
        return existing
    month = month_start(date_of_death)
    params = {"si_number": si_number, "month": month}
    owed = int(
        db_session.scalar(
            text(OWED.format(factor=factor_sql("m.month", "s.granted_on", month), live=LIVE)),
            params,
        )
        or 0
    )
    db_session.execute(
        text(
            'UPDATE payment_schedules SET "end" = least(coalesce("end", :month), :month), '
            "status = 'ended', status_reason = 'died' "
            "WHERE si_number = :si_number AND (kind = 'monthly' OR start > :day)"
        ),
        params | {"day": date_of_death},
    )
    db_session.execute(
        text(
            "INSERT INTO payment_overpayments (payment_id, si_number, amount) "
            f"SELECT payment_id, si_number, amount FROM payments WHERE si_number = :si_number "
            f"AND month > :month AND {LIVE} ON CONFLICT DO NOTHING"
        ),
        params,
    )
    set_off = _set_off(db_session, si_number, owed)
    db_session.execute(
        insert(Estate)
        .values(si_number=si_number, date_of_death=date_of_death, owed=owed, set_off=set_off)
        .on_conflict_do_nothing()
    )
    found = db_session.get(Estate, si_number, populate_existing=True)
    assert found is not None
    _pay_estate(db_session, found)
    return found


def estate_schedule_id(si_number: str) -> uuid.UUID:
    """The one schedule that pays a deceased person's estate (one per person, by construction)."""
    return uuid.uuid5(ESTATE_NAMESPACE, si_number)


def name_heir(*, db_session: Session, si_number: str, heir: HeirPayee) -> None:
    """Record who receives what the deceased was still owed; paid once the estate is settled.

    Either order works: named before the death reaches payments, the payee waits for the
    estate; named after, the estate is paid now. Named twice, the first one stands.
    """
    db_session.execute(
        insert(Payee)
        .values(
            schedule_id=estate_schedule_id(si_number),
            kind=heir.channel,
            bank_bin=heir.bank_bin if heir.channel == "account" else None,
            account_number=heir.account_number if heir.channel == "account" else None,
            holder=heir.holder,
        )
        .on_conflict_do_nothing()
    )
    estate = db_session.get(Estate, si_number)
    if estate is not None:
        _pay_estate(db_session, estate)


def _pay_estate(db_session: Session, estate: Estate) -> None:
    payable = estate.owed - estate.set_off
    schedule_id = estate_schedule_id(estate.si_number)
    if payable <= 0 or db_session.get(Payee, schedule_id) is None:
        return
    person = registry.get_person(db_session=db_session, si_number=estate.si_number)
    create_schedule(
        db_session=db_session,
        schedule=ScheduleCreate(
            schedule_id=schedule_id,
            si_number=estate.si_number,
            province_code=person.province_code or UNKNOWN_PROVINCE,
            kind="one_off",
            purpose="PENS",
            amount=payable,
            start=clock.today(),
            granted_on=clock.today(),
        ),
    )


def _set_off(db_session: Session, si_number: str, owed: int) -> int:
    left = owed
    open_ones = db_session.scalars(
        select(Overpayment)
        .where(Overpayment.si_number == si_number, Overpayment.status == "open")
        .order_by(Overpayment.overpayment_id)
        .with_for_update()
    ).all()
    for overpayment in open_ones:
        take = min(left, overpayment.amount - overpayment.recovered)
        if take <= 0:
            break
        overpayment.recovered += take
        left -= take
        if overpayment.recovered == overpayment.amount:
            overpayment.status, overpayment.recovery = "recovered", "estate"
    db_session.flush()
    return owed - left


def write_off(*, db_session: Session, overpayment_id: int, actor: Actor) -> Overpayment:
    """Write off what is left of an overpayment, by an officer's decision."""
    overpayment = db_session.get(Overpayment, overpayment_id, with_for_update=True)
    if overpayment is None:
        raise NotFound("no such overpayment")
    if overpayment.status != "open":
        raise Conflict(f"the overpayment is already {overpayment.status}")
    overpayment.status, overpayment.recovery = "written_off", "write_off"
    overpayment.decided_by = actor.id
    db_session.flush()
    return overpayment
