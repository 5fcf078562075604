"""Sick pay for the insured person's own sickness.

Law 41/2024/QH15 Art. 42–45 for leave starting from 2025-07-01; Law 58/2014/QH13 Art. 24–28 and
Circular 59/2015/TT-BLĐTBXH Art. 6 before. The first day of the leave selects the law.

- Pay = 75% of the salary basis per month, divided by 24 per working day, up to the annual limit
  (30/40/60 working days by SI years; 40/50/70 for heavy or hazardous work, or an especially
  difficult area — under L58 a regional allowance coefficient of 0.7 or more).
- Long-term disease, L41: after the annual limit, the lower rate by SI years (65/55/50%) in working
  days with no maximum. L58: up to 180 calendar days a year at 75%, then the lower rate for at most
  the SI contribution time; paid by whole months (from a day to the day before the same day next
  month) plus odd days at 1/24 month each. Whether L58 applies is read from the data: the parameter
  `sickness/long_term/full_rate_days` is repealed from 2025-07-01 (see sickness_old_long_term.py).
- Part days: L41 Art. 45.5 (under half a day counts as half, half or more as one day). L58 has no
  part-day rule; a part day is not a sick-leave day, so only whole days count (engine choice).

Engine simplifications: SI years from a history count the compulsory months before the leave
month; days already taken are those of this calendar year (a leave crossing 31 December is not
split); the L58 contribution-time limit is applied to this leave only.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from ansinh.rules.engine import Outcome, benefit
from ansinh.rules.formulas.common import band_value, plain
from ansinh.rules.formulas.sickness_common import Split, as_output, compulsory_months, rule_in_force
from ansinh.rules.formulas.sickness_old_long_term import (
    OLD_LONG_TERM,
    old_long_term_pay,
    old_long_term_split,
)
from ansinh.rules.formulas.sickness_pay import (
    SickPayCase,
    counted_days,
    daily_pay,
    days_pay,
    salary_basis,
)
from ansinh.rules.history import month_start
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation


class SicknessCase(SickPayCase):
    """One sick leave of the insured person."""

    si_years: Decimal | None = Field(
        default=None, ge=0, description="Years of compulsory SI; default: counted from `history`"
    )
    arduous_or_remote: bool = Field(
        default=False,
        description="Heavy/hazardous job on the official list, or an especially difficult area "
        "(before 2025-07-01: regional allowance coefficient 0.7 or more)",
    )
    long_term_disease: bool = Field(
        default=False, description="The disease is on the Ministry of Health long-term list"
    )

    @model_validator(mode="after")
    def _years_known(self) -> SicknessCase:
        if self.si_years is None and not self.history:
            raise ValueError("give `si_years` or a contribution `history`")
        return self


def _si_years(calc: Calculation, case: SicknessCase) -> Decimal:
    if case.si_years is not None:
        return calc.amount("si_years", case.si_years, "given in the case")
    leave_month = month_start(case.leave_start)
    months = sum(1 for m in compulsory_months(case.history) if m.month < leave_month)
    return calc.amount(
        "si_years", Decimal(months) / 12, f"{months} compulsory months before the leave month / 12"
    )


def _annual_split(calc: Calculation, case: SicknessCase, days: Decimal, years: Decimal) -> Split:
    kind = "arduous" if case.arduous_or_remote else "normal"
    limit = band_value(calc.table(f"sickness/annual_days/{kind}"), years)
    taken = case.days_taken_this_year
    full = calc.amount(
        "full_rate_days",
        min(days, max(limit - taken, Decimal(0))),
        f"min({plain(days)}, annual limit {plain(limit)} − {plain(taken)} taken)",
    )
    beyond = days - full
    if not case.long_term_disease:
        return Split(limit, full, Decimal(0), beyond)
    reduced = calc.amount(
        "reduced_rate_days",
        beyond,
        f"{plain(days)} − {plain(full)}: long-term disease, no maximum",
    )
    return Split(limit, full, reduced, Decimal(0))


def _working_day_pay(
    calc: Calculation, salary: Decimal, daily: Decimal, reduced_rate: Decimal | None, split: Split
) -> tuple[int, int]:
    """Working days × daily rate, at 75% and at the lower long-term rate."""
    full = days_pay(calc, "full_rate_amount", daily, split.full)
    if reduced_rate is None:
        return full, 0
    daily_reduced = daily_pay(calc, salary, reduced_rate, "reduced_daily_rate")
    return full, days_pay(calc, "reduced_rate_amount", daily_reduced, split.reduced)


@benefit("sickness", "Sick pay for one's own sickness (ốm đau)", SicknessCase)
def sickness(case: SicknessCase, calc: Calculation) -> Outcome:
    """Days within the annual limit at 75%, long-term days at the lower rate, and the amount."""
    salary = salary_basis(calc, case)
    if salary is None:
        return Outcome(amount=None, unit="VND", outputs={})
    years = _si_years(calc, case)
    rate = calc.number("sickness/rate")
    daily = daily_pay(calc, salary, rate, "daily_rate")
    days = counted_days(calc, case.leave_days)
    old = case.long_term_disease and rule_in_force(calc, OLD_LONG_TERM)
    split = (
        old_long_term_split(calc, case.leave_start, days, case.days_taken_this_year, years)
        if old
        else _annual_split(calc, case, days, years)
    )
    if not calc.require(
        "days_left",
        split.full + split.reduced > 0,
        f"No sick pay is due: the limit of {plain(split.limit)} days this year is used up "
        f"({plain(case.days_taken_this_year)} days already taken).",
    ):
        return Outcome(amount=None, unit="VND", outputs={})
    reduced_rate = (
        band_value(calc.table("sickness/long_term/reduced_rates"), years) if split.reduced else None
    )
    pay = (
        old_long_term_pay(calc, salary, rate, reduced_rate, split)
        if old
        else (_working_day_pay(calc, salary, daily, reduced_rate, split))
    )
    full, reduced = pay
    total = calc.amount("amount", full + reduced, f"{fmt_vnd(full)} + {fmt_vnd(reduced)}")
    return Outcome(
        amount=to_vnd(total),
        unit="VND",
        outputs={
            "salary_basis": to_vnd(salary),
            "daily_rate": to_vnd(daily),
            "day_limit": as_output(split.limit),
            "days_counted": as_output(days),
            "full_rate_days": as_output(split.full),
            "reduced_rate_days": as_output(split.reduced),
            "unpaid_days": as_output(split.unpaid),
            "reduced_rate": None if reduced_rate is None else float(reduced_rate),
            "full_rate_amount": full,
            "reduced_rate_amount": reduced,
        },
    )
