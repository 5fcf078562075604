"""The father's maternity benefits when his wife gives birth: his leave and, if due, the lump sum.

Law 41/2024/QH15 Art. 50.1.g, 53.2–53.3, 58.1, 59 from 2025-07-01; Law 58/2014/QH13 Art. 34.2,
38.1, 39 before; Population Law 113/2025/QH15 Art. 29 (10 days for a second child from
2026-07-01, confidence M). The birth date selects the law and the reference level.

- Leave: 5 working days; 7 for a caesarean or a birth under 32 weeks; twins 10, by caesarean 14,
  + 3 per child from the third (L58 gave no extra days for a caesarean of triplets or more). Pay =
  days × his monthly allowance / 24. He must be in compulsory SI in the month of the birth, and the
  leave must start within 30 days (L58) or 60 days (L41) of the birth, the birth day being day 1.
  For a second child the days are the larger of the ordinary and the second-child days (engine
  choice: the fact sheet does not say how the two combine).
- Lump sum 2 × reference level per child when the mother is not insured (L58) or is not
  eligible (L41), and he has the standard qualifying months before the birth.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from ansinh.rules.engine import Outcome, benefit
from ansinh.rules.formulas.common import table_number
from ansinh.rules.formulas.maternity import (
    InsuredCase,
    day_pay,
    lump_sum,
    monthly_allowance,
    qualifying_route,
    refused,
)
from ansinh.rules.formulas.sickness_common import compulsory_months, rule_in_force
from ansinh.rules.history import month_start
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation

MotherStatus = Literal["eligible", "ineligible", "uninsured"]


class PaternityCase(InsuredCase):
    """A father whose wife gave birth: his leave and, if due, the lump sum."""

    birth_date: date = Field(description="Date his wife gave birth; selects the law")
    leave_start: date | None = Field(default=None, description="First day of his leave, if any")
    children: int = Field(default=1, ge=1, description="Children born")
    caesarean: bool = False
    gestation_weeks: int | None = Field(default=None, ge=0, description="Weeks at birth")
    second_child: bool = Field(default=False, description="The couple's second child")
    days: int | None = Field(default=None, ge=1, description="Days taken; default: the maximum")
    mother_status: MotherStatus = Field(
        default="eligible",
        description="The mother's own maternity right: eligible, ineligible (insured without "
        "enough months) or uninsured",
    )

    @model_validator(mode="after")
    def _leave_after_birth(self) -> PaternityCase:
        if self.leave_start is not None and self.leave_start < self.birth_date:
            raise ValueError("leave_start is before the birth")
        return self

    def law_date(self) -> date:
        """The law in force on the day of the birth applies."""
        return self.birth_date


def _paternity_days(calc: Calculation, case: PaternityCase) -> int:
    table = calc.table("maternity/paternity_leave_days")
    ces = "_caesarean" if case.caesarean else ""
    if case.children > 1:
        base = table_number(table, f"twins{ces}")
        extra = table_number(table, f"extra_child{ces}")
        extra_children = max(case.children + 1 - int(table_number(table, "extra_from_child")), 0)
        days, formula = base + extra * extra_children, f"{base} + {extra_children} × {extra}"
    else:
        weeks = case.gestation_weeks
        early = weeks is not None and weeks < table_number(table, "preterm_weeks")
        key = "caesarean_or_preterm" if case.caesarean or early else "single"
        days, formula = table_number(table, key), key.replace("_", " ")
    if case.second_child and rule_in_force(calc, "maternity/second_child_leave"):
        second = table_number(calc.table("maternity/second_child_leave"), "father_days")
        days, formula = max(days, second), f"max({formula} = {days}, second child {second})"
    return int(calc.amount("leave_days_allowed", days, formula))


def _paternity_leave(calc: Calculation, case: PaternityCase, start: date) -> tuple[int, int]:
    """The father's leave days and their pay (refusals recorded in `calc`)."""
    calc.require(
        "insured_at_birth",
        month_start(case.birth_date) in {m.month for m in compulsory_months(case.history)},
        f"The father was not in compulsory SI in the month of the birth ({case.birth_date:%Y-%m}).",
    )
    window = int(calc.number("maternity/paternity_start_window_days"))
    last = case.birth_date + timedelta(days=window - 1)
    calc.require(
        "leave_start",
        start <= last,
        f"The father's leave must start within {window} days of the birth (by {last}); "
        f"{start} is later.",
    )
    allowed = _paternity_days(calc, case)
    days = allowed
    if case.days is not None:
        days = int(
            calc.amount("leave_days", min(case.days, allowed), f"min({case.days}, {allowed})")
        )
    monthly = monthly_allowance(calc, case.history, start) if calc.eligible else None
    if monthly is None:
        return days, 0
    return days, day_pay(calc, "leave_amount", monthly, days, "working_day")


def _father_lump_sum(calc: Calculation, case: PaternityCase) -> int:
    """2 × RL per child if the mother cannot get it and he qualifies (Art. 58.1; L58 Art. 38)."""
    rule = str(calc.law("maternity/father_lump_sum_rule"))
    covers = {"mother_uninsured": {"uninsured"}, "mother_not_eligible": {"ineligible", "uninsured"}}
    if case.mother_status not in covers[rule]:
        return 0
    qualifies, _ = qualifying_route(
        calc, compulsory_months(case.history), case.birth_date, "standard"
    )
    return lump_sum(calc, case.children) if qualifies else 0


@benefit(
    "maternity_paternity", "Father's leave and lump sum when his wife gives birth", PaternityCase
)
def maternity_paternity(case: PaternityCase, calc: Calculation) -> Outcome:
    """Leave days × monthly allowance / 24, plus the lump sum when the father gets it."""
    days, leave = (
        (0, 0) if case.leave_start is None else _paternity_leave(calc, case, case.leave_start)
    )
    if not calc.eligible:
        return refused()
    grant = _father_lump_sum(calc, case)
    if not calc.require(
        "something_due",
        leave + grant > 0,
        "Nothing is due: no leave is claimed and the father does not get the lump sum "
        f"(the mother is '{case.mother_status}', or he lacks the qualifying months of SI).",
    ):
        return refused()
    total = calc.amount("amount", leave + grant, f"{fmt_vnd(leave)} + {fmt_vnd(grant)}")
    return Outcome(
        amount=to_vnd(total),
        unit="VND",
        outputs={"leave_days": days, "leave_amount": leave, "lump_sum": grant},
    )
