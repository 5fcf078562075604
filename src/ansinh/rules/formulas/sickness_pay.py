"""Sick pay shared by own sickness and a sick child: the case, the salary basis, day counting.

L41 Art. 45 (L58 Art. 28): the salary basis is the contribution salary of the latest month before
the leave month, or of the leave month when it is the first month of joining or rejoining; a day
is 1/24 of the monthly pay; part days follow L41 Art. 45.5 (none before 2025-07-01: whole days).
L58 said "the month immediately before"; from a history the engine takes the latest contributed
month before the leave month under both laws (they differ only after a gap in contributions).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, Decimal

from pydantic import Field, model_validator

from ansinh.rules.engine import Case
from ansinh.rules.formulas.common import plain, table_number
from ansinh.rules.formulas.sickness_common import compulsory_months, rule_in_force
from ansinh.rules.history import Period, add_months, month_start, month_text
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation


class SickPayCase(Case):
    """What both sick-pay benefits need: the leave, and a salary or a contribution history."""

    leave_start: date = Field(description="First day of the leave; selects the law in force")
    leave_days: Decimal = Field(
        gt=0,
        description="Working days of this leave; part days allowed (e.g. 2.5). For a long-term "
        "disease before 2025-07-01: calendar days, weekends and holidays included",
    )
    days_taken_this_year: Decimal = Field(
        default=Decimal(0),
        ge=0,
        description="Days of the same leave already paid this calendar year",
    )
    salary: int | None = Field(
        default=None,
        gt=0,
        description="Contribution salary of the month before the leave month (of the leave month "
        "itself if it is the first month of joining); default: read from `history`",
    )
    history: list[Period] = Field(default_factory=list, description="Contribution history")

    @model_validator(mode="after")
    def _salary_known(self) -> SickPayCase:
        if self.salary is None and not self.history:
            raise ValueError("give `salary` or a contribution `history`")
        return self

    def law_date(self) -> date:
        """Sick pay follows the law in force on the first day of the leave."""
        return self.leave_start


def salary_basis(calc: Calculation, case: SickPayCase) -> Decimal | None:
    """The salary sick pay is based on (L41 Art. 45.1; L58 Art. 28.1)."""
    if case.salary is not None:
        return calc.amount("salary_basis", case.salary, "salary given in the case")
    months = {m.month: m for m in compulsory_months(case.history)}
    leave_month = month_start(case.leave_start)
    if leave_month in months and add_months(leave_month, -1) not in months:
        chosen, why = months[leave_month], "the leave month, first month of joining or rejoining"
    else:
        earlier = [m for m in months if m < leave_month]
        if not calc.require(
            "salary_known",
            bool(earlier),
            "No contribution salary before the leave month: the history has no compulsory "
            "month before it.",
        ):
            return None
        chosen, why = months[max(earlier)], "the latest contributed month before the leave month"
    return calc.amount(
        "salary_basis",
        chosen.salary,
        f"{fmt_vnd(chosen.salary)}, {month_text(chosen.month)}: {why}",
    )


def counted_days(calc: Calculation, days: Decimal) -> Decimal:
    """Apply the part-day rule in force (L41 Art. 45.5); without one, only whole days count."""
    whole = days.to_integral_value(rounding=ROUND_FLOOR)
    part = days - whole
    if part == 0:
        return days
    if rule_in_force(calc, "sickness/half_day_rounding"):
        rule = calc.table("sickness/half_day_rounding")
        below = part < table_number(rule, "threshold")
        step = table_number(rule, "below" if below else "from_threshold")
        formula = f"{plain(whole)} + {plain(part)} of a day counted as {plain(step)}"
    else:
        step = Decimal(0)
        formula = f"{plain(days)} → {plain(whole)}: no part-day rule in force, whole days only"
    return calc.amount("days_counted", whole + step, formula)


def daily_pay(calc: Calculation, salary: Decimal, rate: Decimal, name: str) -> Decimal:
    """Monthly sick pay at `rate` divided by the days of a month (L41 Art. 45.5)."""
    divisor = calc.number("sickness/daily_divisor")
    return calc.amount(
        name,
        salary * rate / divisor,
        f"{fmt_vnd(salary)} × {plain(rate)} / {plain(divisor)}",
    )


def days_pay(calc: Calculation, name: str, daily: Decimal, days: Decimal) -> int:
    """Pay for a number of days at an (unrounded) daily rate, rounded to the dong."""
    return to_vnd(calc.amount(name, to_vnd(daily * days), f"{plain(days)} × {fmt_vnd(daily)}"))
