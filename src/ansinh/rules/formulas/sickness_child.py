"""Sick pay while caring for a sick child under 7.

Law 41/2024/QH15 Art. 42.1.b, 44, 45 from 2025-07-01; Law 58/2014/QH13 Art. 25.2, 27, 28 before.
The first day of the leave selects the law. Pay = 75% of the salary basis / 24 per working day,
up to 20 working days a year per child under 3 and 15 from 3 to under 7, for each parent.
The child's age is taken on the first day of the leave (a leave crossing a birthday is not split).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field, model_validator

from ansinh.rules.engine import Outcome, benefit
from ansinh.rules.formulas.common import band_value, plain, table_number
from ansinh.rules.formulas.sickness_common import as_output
from ansinh.rules.formulas.sickness_pay import (
    SickPayCase,
    counted_days,
    daily_pay,
    days_pay,
    salary_basis,
)
from ansinh.rules.history import age_on
from ansinh.rules.money import dec, to_vnd
from ansinh.rules.trace import Calculation


class ChildSicknessCase(SickPayCase):
    """One parent's leave to care for one sick child."""

    child_birth_date: date = Field(description="The sick child's date of birth")

    @model_validator(mode="after")
    def _born(self) -> ChildSicknessCase:
        if self.child_birth_date > self.leave_start:
            raise ValueError("the child is born after the leave starts")
        return self


@benefit("child_sickness", "Sick pay while caring for a sick child", ChildSicknessCase)
def child_sickness(case: ChildSicknessCase, calc: Calculation) -> Outcome:
    """Days within the child's annual limit at 75% of the salary basis / 24."""
    age = age_on(case.child_birth_date, case.leave_start)
    calc.amount("child_age", age, f"completed years from {case.child_birth_date} to the leave")
    table = calc.table("sickness/child_care_days")
    limit = band_value(table, Decimal(age))
    age_limit = min((dec(key) for key in table if table_number(table, key) == 0), default=None)
    if not calc.require(
        "child_age",
        limit > 0,
        f"The child is {age}: leave to care for a sick child is paid only for children under "
        f"{age_limit}.",
    ):
        return Outcome(amount=None, unit="VND", outputs={})
    salary = salary_basis(calc, case)
    if salary is None:
        return Outcome(amount=None, unit="VND", outputs={})
    days = counted_days(calc, case.leave_days)
    taken = case.days_taken_this_year
    paid = calc.amount(
        "paid_days",
        min(days, max(limit - taken, Decimal(0))),
        f"min({plain(days)}, limit {plain(limit)} − {plain(taken)} taken)",
    )
    if not calc.require(
        "days_left",
        paid > 0,
        f"No days are left for this child this year: the limit is {plain(limit)} days and "
        f"{plain(taken)} were already taken.",
    ):
        return Outcome(amount=None, unit="VND", outputs={})
    daily = daily_pay(calc, salary, calc.number("sickness/rate"), "daily_rate")
    amount = days_pay(calc, "amount", daily, paid)
    return Outcome(
        amount=amount,
        unit="VND",
        outputs={
            "child_age": age,
            "day_limit": as_output(limit),
            "salary_basis": to_vnd(salary),
            "daily_rate": to_vnd(daily),
            "days_counted": as_output(days),
            "paid_days": as_output(paid),
            "unpaid_days": as_output(days - paid),
        },
    )
