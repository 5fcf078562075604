"""Entitlements become schedules; a death stops payment, and what was paid after it is recovered."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.schemas import EntitlementEnded, EntitlementGranted
from ansinh.core.security.actor import Actor
from ansinh.payments import deaths, events, runs, send
from ansinh.payments.models import Estate, Overpayment, Payment, Schedule
from ansinh.registry.schemas import PersonDied
from tests.payments.conftest import (
    CHECKER,
    MAKER,
    PROVINCE,
    make_person,
    make_schedule,
    pay_into_account,
)
from tests.payments.iso import camt054
from tests.payments.test_send_and_reconcile import _apply


def _granted(si_number: str, **fields: object) -> EntitlementGranted:
    values: dict[str, object] = {
        "entitlement_id": uuid.uuid4(),
        "decision_id": uuid.uuid4(),
        "claim_id": None,
        "si_number": si_number,
        "branch": "old_age",
        "kind": "monthly",
        "purpose": "PENS",
        "amount": 4_000_000,
        "start": date(2026, 10, 1),
        "channel": "account",
    } | fields
    return EntitlementGranted(**values)  # type: ignore[arg-type]


def _monthly_run(db_session: Session, month: date) -> int:
    run = runs.compute(
        db_session=db_session, kind="monthly", period=month, province_code=PROVINCE, actor=MAKER
    )
    runs.approve(db_session=db_session, run_id=run.run_id, actor=CHECKER)
    send.prepare(db_session=db_session, run_id=run.run_id)
    return run.run_id


def test_a_monthly_entitlement_becomes_one_schedule_however_often_delivered(
    db_session: Session,
) -> None:
    person = make_person(db_session)
    event = _granted(person.si_number)
    events.schedule_entitlement(db_session=db_session, event=event)
    events.schedule_entitlement(db_session=db_session, event=event)
    schedule = db_session.get_one(Schedule, event.entitlement_id)
    assert (schedule.amount, schedule.start, schedule.province_code) == (
        4_000_000,
        date(2026, 10, 1),
        PROVINCE,
    )
    ended = EntitlementEnded(
        entitlement_id=event.entitlement_id,
        si_number=person.si_number,
        last_month=date(2026, 12, 1),
        reason="ended",
    )
    events.end_entitlement(db_session=db_session, event=ended)
    db_session.refresh(schedule)
    assert schedule.end == date(2026, 12, 1)


def test_a_one_off_is_paid_by_the_daily_run_and_a_negative_one_is_a_recovery(
    db_session: Session,
) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    one_off = _granted(
        person.si_number, kind="one_off", purpose="SSBE", amount=2_340_000, start=date(2026, 11, 3)
    )
    events.schedule_entitlement(db_session=db_session, event=one_off)
    day = runs.compute(
        db_session=db_session,
        kind="daily",
        period=date(2026, 11, 4),
        province_code=PROVINCE,
        actor=MAKER,
    )
    again = runs.compute(
        db_session=db_session,
        kind="daily",
        period=date(2026, 11, 5),
        province_code=PROVINCE,
        actor=MAKER,
    )
    paid = db_session.scalars(select(Payment).where(Payment.si_number == person.si_number)).all()
    assert [(p.run_id, p.amount, p.purpose) for p in paid] == [(day.run_id, 2_340_000, "SSBE")]
    assert again.lines == 0
    recovery = _granted(person.si_number, kind="one_off", amount=-500_000)
    events.schedule_entitlement(db_session=db_session, event=recovery)
    events.schedule_entitlement(db_session=db_session, event=recovery)
    owed = db_session.scalars(
        select(Overpayment).where(Overpayment.entitlement_id == recovery.entitlement_id)
    ).one()
    assert (owed.amount, owed.status) == (500_000, "open")


def test_a_payment_after_death_is_an_overpayment_set_off_and_recovered_by_the_return(
    db_session: Session,
) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    make_schedule(db_session, person, start=date(2026, 9, 1), granted_on=date(2026, 9, 1))
    _monthly_run(db_session, date(2026, 9, 1))
    october = _monthly_run(db_session, date(2026, 10, 1))
    november = _monthly_run(db_session, date(2026, 11, 1))
    # died in October: October is owed (already paid); November was paid after the death
    died = PersonDied(si_number=person.si_number, date_of_death=date(2026, 10, 20))
    events.stop_after_death(db_session=db_session, event=died)
    events.stop_after_death(db_session=db_session, event=died)
    (overpaid,) = db_session.scalars(
        select(Overpayment).where(Overpayment.si_number == person.si_number)
    ).all()
    paid_november = db_session.get_one(Payment, overpaid.payment_id)
    assert (paid_november.run_id, overpaid.amount, overpaid.status) == (
        november,
        5_000_000,
        "open",
    )
    estate = db_session.get_one(Estate, person.si_number)
    assert (estate.owed, estate.set_off) == (0, 0)
    december = runs.compute(
        db_session=db_session,
        kind="monthly",
        period=date(2026, 12, 1),
        province_code=PROVINCE,
        actor=MAKER,
    )
    assert december.lines == 0
    assert october != november
    e2e = paid_november.end_to_end_id
    _apply(db_session, 1, camt054("B1", [(e2e, 5_000_000, "DBIT", None)]))
    _apply(db_session, 2, camt054("R1", [(e2e, 5_000_000, "CRDT", "MD07")]))
    db_session.refresh(overpaid)
    assert (overpaid.recovered, overpaid.status, overpaid.recovery) == (
        5_000_000,
        "recovered",
        "bank_return",
    )


def test_unpaid_months_to_the_death_are_set_off_and_the_rest_written_off(
    db_session: Session,
) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    schedule = make_schedule(
        db_session, person, start=date(2026, 9, 1), granted_on=date(2026, 9, 1)
    )
    _monthly_run(db_session, date(2026, 9, 1))
    _monthly_run(db_session, date(2026, 10, 1))
    november = _monthly_run(db_session, date(2026, 11, 1))
    # October's payment is rejected (never paid): the estate is owed it
    october = db_session.scalars(
        select(Payment).where(
            Payment.schedule_id == schedule.schedule_id, Payment.month == date(2026, 10, 1)
        )
    ).one()
    october.status = "rejected"
    db_session.flush()
    estate = deaths.record_death(
        db_session=db_session, si_number=person.si_number, date_of_death=date(2026, 10, 31)
    )
    assert (estate.owed, estate.set_off) == (5_000_000, 5_000_000)
    overpaid = db_session.scalars(
        select(Overpayment).where(Overpayment.si_number == person.si_number)
    ).one()
    assert (overpaid.recovered, overpaid.status, overpaid.recovery) == (
        5_000_000,
        "recovered",
        "estate",
    )
    assert db_session.get_one(Payment, overpaid.payment_id).run_id == november
    officer = Actor(kind="officer", id="head")
    other = Overpayment(si_number=person.si_number, entitlement_id=uuid.uuid4(), amount=10)
    db_session.add(other)
    db_session.flush()
    deaths.write_off(db_session=db_session, overpayment_id=other.overpayment_id, actor=officer)
    assert (other.status, other.decided_by) == ("written_off", "head")
