"""A deceased beneficiary's unpaid months go to the heir the family named, once, in either order."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.clock import today
from ansinh.payments import deaths, runs
from ansinh.payments.models import Payment, Schedule
from ansinh.payments.schemas import HeirPayee
from ansinh.registry.models import Person
from tests.payments.conftest import (
    MAKER,
    PROVINCE,
    make_person,
    make_schedule,
    pay_into_account,
)
from tests.payments.test_events_and_deaths import _monthly_run

HEIR = HeirPayee(
    channel="account", bank_bin="970436", account_number="0123456789", holder="Trần Văn Hiếu"
)


def _owed_october(db_session: Session) -> Person:
    """A pensioner paid September, whose October payment was rejected; died 31 October."""
    person = make_person(db_session)
    pay_into_account(db_session, person)
    schedule = make_schedule(
        db_session, person, start=date(2026, 9, 1), granted_on=date(2026, 9, 1)
    )
    _monthly_run(db_session, date(2026, 9, 1))
    _monthly_run(db_session, date(2026, 10, 1))
    october = db_session.scalars(
        select(Payment).where(
            Payment.schedule_id == schedule.schedule_id, Payment.month == date(2026, 10, 1)
        )
    ).one()
    october.status = "rejected"
    db_session.flush()
    return person


def _heir_payment(db_session: Session, person: Person) -> Payment:
    runs.compute(
        db_session=db_session, kind="daily", period=today(), province_code=PROVINCE, actor=MAKER
    )
    schedule_id = deaths.estate_schedule_id(person.si_number)
    return db_session.scalars(select(Payment).where(Payment.schedule_id == schedule_id)).one()


@pytest.mark.parametrize("heir_first", [True, False], ids=["heir named first", "death first"])
def test_the_unpaid_month_is_paid_once_to_the_heir(db_session: Session, heir_first: bool) -> None:
    person = _owed_october(db_session)
    name = partial(deaths.name_heir, db_session=db_session, si_number=person.si_number, heir=HEIR)
    died_on = date(2026, 10, 31)
    die = partial(
        deaths.record_death,
        db_session=db_session,
        si_number=person.si_number,
        date_of_death=died_on,
    )
    for step in (name, die) if heir_first else (die, name):
        step()
    name()  # named again: the first stands, nothing more is owed
    payment = _heir_payment(db_session, person)
    assert (payment.amount, payment.channel, payment.account_number, payment.holder) == (
        5_000_000,
        "account",
        "0123456789",
        "Trần Văn Hiếu",
    )
    assert (
        db_session.scalars(select(Schedule).where(Schedule.schedule_id == payment.schedule_id))
        .one()
        .kind
        == "one_off"
    )


def test_nothing_is_paid_to_the_heir_when_nothing_is_owed(db_session: Session) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    make_schedule(db_session, person, start=date(2026, 9, 1), granted_on=date(2026, 9, 1))
    _monthly_run(db_session, date(2026, 9, 1))
    deaths.name_heir(db_session=db_session, si_number=person.si_number, heir=HEIR)
    estate = deaths.record_death(
        db_session=db_session, si_number=person.si_number, date_of_death=date(2026, 9, 20)
    )
    assert estate.owed == 0
    schedule_id = deaths.estate_schedule_id(person.si_number)
    assert db_session.get(Schedule, schedule_id) is None
