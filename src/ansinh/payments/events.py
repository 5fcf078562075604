"""Payments' reactions to other domains' events (loaded by the worker's composition root).

Each is idempotent: schedules are keyed by the entitlement id, overpayments by the entitlement
or payment, a death by the person (its estate row).
"""

from __future__ import annotations

import uuid

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service as claims
from ansinh.benefits.schemas import EntitlementEnded, EntitlementGranted
from ansinh.core.events.handlers import subscribe
from ansinh.core.events.schemas import DomainEvent
from ansinh.core.security.actor import SYSTEM
from ansinh.payments import schedules
from ansinh.payments.deaths import UNKNOWN_PROVINCE, record_death
from ansinh.payments.models import Channel, Overpayment, Payee
from ansinh.payments.schemas import ScheduleCreate
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonDied
from ansinh.rules.history import add_months, month_start

RECEIPT_PURPOSE = "pay a one-off benefit where its claim said"


@subscribe(EntitlementGranted)
def schedule_entitlement(*, db_session: Session, event: DomainEvent) -> None:
    """A granted entitlement: a monthly schedule, a one-off for the daily run, or a recovery."""
    assert isinstance(event, EntitlementGranted)
    if event.amount < 0:
        db_session.execute(
            insert(Overpayment)
            .values(
                entitlement_id=event.entitlement_id,
                si_number=event.si_number,
                amount=-event.amount,
            )
            .on_conflict_do_nothing()
        )
        return
    person = registry.get_person(db_session=db_session, si_number=event.si_number)
    schedules.create_schedule(
        db_session=db_session,
        schedule=ScheduleCreate(
            schedule_id=event.entitlement_id,
            si_number=event.si_number,
            province_code=person.province_code or UNKNOWN_PROVINCE,
            kind=event.kind,
            purpose=event.purpose,
            amount=event.amount,
            start=event.start,
            end=month_start(event.end) if event.end else None,
            granted_on=event.start,
        ),
    )
    if event.kind == "one_off" and event.claim_id is not None and event.channel != "employer":
        _pay_as_claimed(db_session, event.entitlement_id, event.claim_id, person.full_name)
    if event.channel == "employer" and event.unit_code:
        db_session.add(
            Channel(
                si_number=event.si_number,
                kind="employer",
                unit_code=event.unit_code,
                effective_from=month_start(event.start),
                source="claim",
                recorded_by="benefits",
            )
        )
        db_session.flush()


def _pay_as_claimed(
    db_session: Session, schedule_id: uuid.UUID, claim_id: uuid.UUID, person_name: str
) -> None:
    """A one-off goes where its claim said (the organiser's account, cash), not the person's."""
    receipt = claims.receipt_of(
        db_session, claim_id=claim_id, actor=SYSTEM, purpose=RECEIPT_PURPOSE
    )
    if receipt is None or (receipt.channel == "account" and receipt.account_number is None):
        return
    db_session.execute(
        insert(Payee)
        .values(
            schedule_id=schedule_id,
            kind=receipt.channel,
            bank_bin=receipt.account_bin if receipt.channel == "account" else None,
            account_number=receipt.account_number if receipt.channel == "account" else None,
            holder=receipt.account_holder or person_name,
        )
        .on_conflict_do_nothing()
    )


@subscribe(EntitlementEnded)
def end_entitlement(*, db_session: Session, event: DomainEvent) -> None:
    """A monthly entitlement ends (or is suspended) after its last month."""
    assert isinstance(event, EntitlementEnded)
    if event.reason == "suspended":
        schedules.hold(
            db_session=db_session,
            schedule_id=event.entitlement_id,
            status="suspended",
            reason="decision",
            since=add_months(month_start(event.last_month), 1),
        )
        return
    schedules.end_schedule(
        db_session=db_session, schedule_id=event.entitlement_id, last_month=event.last_month
    )


@subscribe(PersonDied)
def stop_after_death(*, db_session: Session, event: DomainEvent) -> None:
    """Stop paying after the month of death; recover later payments; settle the estate."""
    assert isinstance(event, PersonDied)
    record_death(
        db_session=db_session, si_number=event.si_number, date_of_death=event.date_of_death
    )
