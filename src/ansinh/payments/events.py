"""Payments' reactions to other domains' events (loaded by the worker's composition root).

Each is idempotent: schedules are keyed by the entitlement id, overpayments by the entitlement
or payment, a death by the person (its estate row).
"""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.benefits.schemas import EntitlementEnded, EntitlementGranted
from ansinh.core.events.handlers import subscribe
from ansinh.core.events.schemas import DomainEvent
from ansinh.payments import schedules
from ansinh.payments.deaths import record_death
from ansinh.payments.models import Channel, Overpayment
from ansinh.payments.schemas import ScheduleCreate
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonDied
from ansinh.rules.history import add_months, month_start

UNKNOWN_PROVINCE = "00"


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
