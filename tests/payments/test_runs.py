"""A monthly run: one payment per beneficiary and month, indexed, frozen once approved."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.errors import Conflict
from ansinh.payments import runs
from ansinh.payments.models import Payment
from tests.payments.conftest import (
    CHECKER,
    MAKER,
    PROVINCE,
    make_person,
    make_schedule,
    pay_in_cash,
    pay_into_account,
)


def _payments(db_session: Session, run_id: int) -> list[Payment]:
    return list(
        db_session.scalars(select(Payment).where(Payment.run_id == run_id).order_by(Payment.month))
    )


def _run(db_session: Session, month: date) -> int:
    run = runs.compute(
        db_session=db_session, kind="monthly", period=month, province_code=PROVINCE, actor=MAKER
    )
    return run.run_id


def test_a_run_pays_each_beneficiary_once_on_the_first_working_day(db_session: Session) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    make_schedule(db_session, person)
    run = runs.compute(
        db_session=db_session,
        kind="monthly",
        period=date(2026, 9, 1),
        province_code=PROVINCE,
        actor=MAKER,
    )
    assert run.pay_date == date(2026, 9, 3)  # 1 and 2 September are National Day holidays
    paid = [(p.month, p.amount, p.channel) for p in _payments(db_session, run.run_id)]
    # arrears from January; from July, +8 % (granted before Decree 162/2026's date)
    assert paid[0] == (date(2026, 1, 1), 5_000_000, "account")
    assert paid[-1] == (date(2026, 9, 1), 5_400_000, "account")
    assert len(paid) == 9
    again = runs.compute(
        db_session=db_session,
        kind="monthly",
        period=date(2026, 9, 1),
        province_code=PROVINCE,
        actor=MAKER,
    )
    assert again.run_id == run.run_id and len(_payments(db_session, run.run_id)) == 9
    october = _run(db_session, date(2026, 10, 1))
    assert [p.month for p in _payments(db_session, october)] == [date(2026, 10, 1)]


@pytest.mark.parametrize(
    ("granted_on", "july"),
    [(date(2026, 6, 30), 5_400_000), (date(2026, 7, 1), 5_000_000)],
)
def test_indexation_applies_to_entitlements_granted_before_1_july_2026(
    db_session: Session, granted_on: date, july: int
) -> None:
    person = make_person(db_session)
    pay_in_cash(db_session, person)
    make_schedule(db_session, person, start=date(2026, 7, 1), granted_on=granted_on)
    (payment,) = _payments(db_session, _run(db_session, date(2026, 7, 1)))
    assert payment.amount == july


def test_decree_75_2024_and_162_2026_compound_for_older_pensions(db_session: Session) -> None:
    person = make_person(db_session)
    pay_in_cash(db_session, person)
    make_schedule(db_session, person, start=date(2026, 7, 1), granted_on=date(2024, 6, 30))
    (payment,) = _payments(db_session, _run(db_session, date(2026, 7, 1)))
    assert payment.amount == 6_210_000  # 5,000,000 × 1.15 × 1.08


def test_the_maker_cannot_approve_and_an_approved_run_is_frozen(db_session: Session) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    make_schedule(db_session, person, start=date(2026, 10, 1))
    run_id = _run(db_session, date(2026, 10, 1))
    with pytest.raises(Conflict):
        runs.approve(db_session=db_session, run_id=run_id, actor=MAKER)
    run = runs.approve(db_session=db_session, run_id=run_id, actor=CHECKER)
    assert (run.status, run.approved_by) == ("approved", "checker")
    pay_into_account(db_session, person, account="9999888877", month=date(2026, 10, 1))
    (line,) = _payments(db_session, run_id)
    assert line.account_number == "0123456789"  # the frozen line keeps its account


def test_a_change_of_account_takes_effect_from_its_payroll(db_session: Session) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    pay_into_account(db_session, person, account="5555666677", month=date(2026, 11, 1))
    make_schedule(db_session, person, start=date(2026, 10, 1))
    (october,) = _payments(db_session, _run(db_session, date(2026, 10, 1)))
    (november,) = _payments(db_session, _run(db_session, date(2026, 11, 1)))
    assert (october.account_number, november.account_number) == ("0123456789", "5555666677")


def test_overdue_proof_of_life_suspends_an_account_paid_pension(db_session: Session) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    schedule = make_schedule(
        db_session, person, start=date(2026, 10, 1), proof_of_life_on=date(2025, 9, 1)
    )
    assert _payments(db_session, _run(db_session, date(2026, 10, 1))) == []
    db_session.refresh(schedule)
    assert (schedule.status, schedule.status_reason) == ("suspended", "proof_of_life_overdue")
