"""Maternity on a birth or an adoption: the mother's leave and lump sum, adoption leave.

Law 41/2024/QH15 Art. 50, 53, 56, 58, 59 (Labour Code 45/2019 Art. 139.1 for the mother's
leave) from 2025-07-01; Law 58/2014/QH13 Art. 31, 34, 36, 38, 39 before; Population Law
113/2025/QH15 Art. 29 (7 months for a second child from 2026-07-01, confidence M). The birth
(handover) date selects the law and the reference level of the lump sum.

- Mother: leave months × monthly allowance, plus the lump sum 2 × reference level per child.
- Adoption of a child under 6 months: from the handover until the child is 6 months old — whole
  months × monthly allowance + odd days × monthly / 30 — plus the lump sum.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field, model_validator

from ansinh.rules.engine import Outcome, benefit
from ansinh.rules.formulas.common import plain, table_number
from ansinh.rules.formulas.maternity import (
    BirthCase,
    InsuredCase,
    birth_leave_months,
    birth_routes,
    lump_sum,
    monthly_allowance,
    qualifying_route,
    refused,
)
from ansinh.rules.formulas.sickness_common import compulsory_months, months_and_days
from ansinh.rules.history import same_day_months_later
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation


class ChildbirthCase(BirthCase):
    """A mother's childbirth."""

    birth_date: date = Field(description="Date of birth; selects the law and the lump sum")
    children: int = Field(default=1, ge=1, description="Children born (stillborn included)")
    second_child: bool = Field(
        default=False, description="She has exactly one living natural child at this birth"
    )
    leave_start: date | None = Field(
        default=None, description="First day of leave if before the birth; default: birth date"
    )

    @model_validator(mode="after")
    def _leave_not_after_birth(self) -> ChildbirthCase:
        if self.leave_start is not None and self.leave_start > self.birth_date:
            raise ValueError("leave_start is after the birth")
        return self

    def law_date(self) -> date:
        """The law and the reference level of the month of birth apply."""
        return self.birth_date


def _leave_and_lump_sum(
    calc: Calculation, monthly: Decimal, leave: int, children: int, details: dict[str, int]
) -> Outcome:
    """The leave pay plus the lump sum for `children`, as the outcome."""
    grant = lump_sum(calc, children)
    total = calc.amount("amount", leave + grant, f"{fmt_vnd(leave)} + {fmt_vnd(grant)}")
    outputs = {"monthly_allowance": to_vnd(monthly), **details, "leave_amount": leave}
    return Outcome(amount=to_vnd(total), unit="VND", outputs={**outputs, "lump_sum": grant})


@benefit("maternity_childbirth", "Maternity leave and lump sum on childbirth", ChildbirthCase)
def maternity_childbirth(case: ChildbirthCase, calc: Calculation) -> Outcome:
    """Leave months × 100% of the 6-month average salary, plus 2 × RL per child."""
    qualifies, reason = birth_routes(calc, case, case.birth_date)
    calc.require("qualifying_contributions", qualifies, reason)
    table = calc.table("maternity/childbirth_leave_months")
    before = int(table_number(table, "max_months_before_birth"))
    start = case.leave_start or case.birth_date
    earliest = same_day_months_later(case.birth_date, -before)
    calc.require(
        "leave_start",
        start >= earliest,
        f"The leave may start at most {before} months before the birth ({earliest}); "
        f"{start} is earlier.",
    )
    if not calc.eligible:
        return refused()
    monthly = monthly_allowance(calc, case.history, start)
    if monthly is None:
        return refused()
    months = birth_leave_months(calc, table, case.children, case.second_child)
    leave = to_vnd(
        calc.amount("leave_amount", to_vnd(monthly * months), f"{months} × {fmt_vnd(monthly)}")
    )
    return _leave_and_lump_sum(calc, monthly, leave, case.children, {"leave_months": months})


class AdoptionCase(InsuredCase):
    """The adoption of a child under 6 months."""

    handover_date: date = Field(description="Day the child is handed over; selects the law")
    child_birth_date: date

    @model_validator(mode="after")
    def _born(self) -> AdoptionCase:
        if self.child_birth_date > self.handover_date:
            raise ValueError("the child is born after the handover")
        return self

    def law_date(self) -> date:
        """The law and reference level of the handover month apply."""
        return self.handover_date


@benefit("maternity_adoption", "Maternity leave and lump sum on adopting a baby", AdoptionCase)
def maternity_adoption(case: AdoptionCase, calc: Calculation) -> Outcome:
    """Leave until the child is 6 months old (months + odd days / 30), plus 2 × RL."""
    age_limit = int(calc.number("maternity/adoption_child_age_months"))
    until = same_day_months_later(case.child_birth_date, age_limit)
    calc.require(
        "child_age",
        case.handover_date < until,
        f"Adoption leave is for a child under {age_limit} months; the child reached that age "
        f"on {until}.",
    )
    qualifies, reason = qualifying_route(
        calc, compulsory_months(case.history), case.handover_date, "standard"
    )
    calc.require(
        "qualifying_contributions", qualifies, f"Not enough compulsory SI: needs {reason}."
    )
    if not calc.eligible:
        return refused()
    monthly = monthly_allowance(calc, case.history, case.handover_date)
    if monthly is None:
        return refused()
    months, days = months_and_days(case.handover_date, until)
    divisor = table_number(calc.table("maternity/daily_divisors"), "calendar_day")
    leave = to_vnd(
        calc.amount(
            "leave_amount",
            to_vnd(monthly * months + monthly * days / divisor),
            f"{months} × {fmt_vnd(monthly)} + {days} × {fmt_vnd(monthly)} / {plain(divisor)}",
        )
    )
    details = {"leave_months": months, "leave_odd_days": days}
    return _leave_and_lump_sum(calc, monthly, leave, 1, details)
