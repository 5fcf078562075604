"""Maternity (thai sản) under compulsory SI: the rules every maternity event shares.

Law 41/2024/QH15 Art. 50–63 for events from 2025-07-01; Law 58/2014/QH13 Art. 31–41 and
Circular 59/2015/TT-BLĐTBXH before. The date of the event (birth, handover of an adopted child,
visit, miscarriage, procedure) selects the law (L41 Art. 5.7).

Each event is its own benefit with its own typed case, because the events share little input:
`maternity_childbirth`, `maternity_adoption` (maternity_birth.py), `maternity_paternity`,
`maternity_prenatal_visit`, `maternity_miscarriage`, `maternity_contraception`
(maternity_medical.py), `maternity_convalescence` and `maternity_voluntary`.

- The 12 (or 24) months before a birth or handover end with the month before it, or with its
  month when the event is on or after the 15th and that month was contributed (Circular 59/2015
  Art. 9.1; assumed kept under L41 — see `maternity/birth_month_cutoff_day`).
- Monthly allowance = 100% of the average contribution salary of the 6 most recent compulsory
  months before the month the leave starts, added up across gaps; with fewer months, their
  average (L41 Art. 59.1). Day rates: monthly / 24 per working day (prenatal visits, father's
  leave), monthly / 30 per calendar day (odd days, miscarriage, contraception) (Art. 59.2–59.3).
- Rounding: the law is silent; each named amount is rounded half-up to the whole dong.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from ansinh.rules.engine import Case, Outcome
from ansinh.rules.formulas.common import plain, reference_level, table_number
from ansinh.rules.formulas.sickness_common import compulsory_months, first_in_force, rule_in_force
from ansinh.rules.history import (
    Month,
    Period,
    add_months,
    average_salary,
    month_start,
    month_text,
    window,
)
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.store import Scalar
from ansinh.rules.trace import Calculation

DayKind = Literal["working_day", "calendar_day"]


class InsuredCase(Case):
    """A maternity claim: the claimant's contribution history is always needed."""

    history: list[Period] = Field(min_length=1, description="The claimant's contribution history")


class BirthCase(InsuredCase):
    """A claim that may need the mother's qualifying contributions before the birth."""

    ordered_rest_during_pregnancy: bool = Field(
        default=False, description="A doctor ordered rest during the pregnancy (3-in-12 route)"
    )
    infertility_treatment: bool = Field(
        default=False, description="She left work for infertility treatment (L41 6-in-24 route)"
    )


def refused() -> Outcome:
    """The outcome of a refused claim (the reasons are in the calculation)."""
    return Outcome(amount=None, unit="VND", outputs={})


def months_before_event(
    calc: Calculation, name: str, months: list[Month], event: date, span: int
) -> list[Month]:
    """The contributed months in the `span` months before `event` (Circular 59/2015 Art. 9.1)."""
    cutoff = int(calc.number("maternity/birth_month_cutoff_day"))
    own_month = event.day >= cutoff and month_start(event) in {m.month for m in months}
    end = add_months(event, 1) if own_month else month_start(event)
    found = window(months, before=end, count=span)
    last = add_months(end, -1).strftime("%Y-%m")
    first = add_months(end, -span).strftime("%Y-%m")
    calc.amount(name, len(found), f"{len(found)} contributed months in {first}..{last}")
    return found


def qualifying_route(
    calc: Calculation, months: list[Month], event: date, route: str
) -> tuple[bool, str]:
    """One route of Art. 50 (L58 Art. 31): months in the window, and in all if the route says."""
    rule = calc.table(f"maternity/eligibility/{route}")
    need, span = int(table_number(rule, "months")), int(table_number(rule, "window_months"))
    got = len(months_before_event(calc, f"months_in_window_{route}", months, event, span))
    reason = f"{need} months of compulsory SI in the {span} months before the event"
    if "prior_months" not in rule:
        return got >= need, f"{reason} ({route.replace('_', ' ')})"
    prior = int(table_number(rule, "prior_months"))
    total = sum(1 for m in months if m.month <= month_start(event))
    calc.amount("months_up_to_event", total, f"{total} compulsory months up to the event month")
    return (
        got >= need and total >= prior,
        f"{reason} and {prior} in all ({route.replace('_', ' ')})",
    )


def birth_routes(calc: Calculation, case: BirthCase, event: date) -> tuple[bool, str]:
    """Whether the mother qualifies by any route of Art. 50.2, 50.3 or 50.5, and a reason."""
    months = compulsory_months(case.history)
    routes = [qualifying_route(calc, months, event, "standard")]
    if case.ordered_rest_during_pregnancy:
        routes.append(qualifying_route(calc, months, event, "rest_ordered"))
    if case.infertility_treatment:
        name = "maternity/eligibility/infertility"
        routes.append(
            qualifying_route(calc, months, event, "infertility")
            if rule_in_force(calc, name)
            else (False, f"the infertility route exists only from {first_in_force(name)}")
        )
    passed = any(ok for ok, _ in routes)
    reasons = "; or ".join(why for _, why in routes)
    return passed, f"Not enough compulsory SI before the birth: needs {reasons}."


def monthly_allowance(
    calc: Calculation, history: list[Period], leave_start: date
) -> Decimal | None:
    """100% of the average salary of the last 6 compulsory months before the leave month."""
    count = int(calc.number("maternity/average_salary_months"))
    before = [m for m in compulsory_months(history) if m.month < month_start(leave_start)]
    months = before[-count:]
    if not calc.require(
        "salary_known",
        bool(months),
        "No compulsory SI month before the leave month: there is no salary to average.",
    ):
        return None
    average = calc.amount(
        "average_salary",
        average_salary(months),
        f"average of {len(months)} months "
        f"{month_text(months[0].month)}..{month_text(months[-1].month)}: ("
        + " + ".join(fmt_vnd(m.salary) for m in months)
        + f") / {len(months)}",
    )
    rate = calc.number("maternity/benefit_rate")
    return calc.amount("monthly_allowance", rate * average, f"{plain(rate)} × {fmt_vnd(average)}")


def day_pay(calc: Calculation, name: str, monthly: Decimal, days: int, kind: DayKind) -> int:
    """Days × monthly allowance / 24 (working days) or / 30 (calendar days), to the dong."""
    divisor = table_number(calc.table("maternity/daily_divisors"), kind)
    return to_vnd(
        calc.amount(
            name,
            to_vnd(monthly * days / divisor),
            f"{days} × {fmt_vnd(monthly)} / {plain(divisor)}",
        )
    )


def birth_leave_months(
    calc: Calculation, table: dict[str, Scalar], children: int, second_child: bool
) -> int:
    """6 months (7 for a second child where in force) + 1 per extra child of a multiple birth."""
    base = table_number(table, "single")
    if second_child and rule_in_force(calc, "maternity/second_child_leave"):
        base = max(base, table_number(calc.table("maternity/second_child_leave"), "mother_months"))
    extra = table_number(table, "extra_per_child")
    return int(
        calc.amount(
            "leave_months", base + extra * (children - 1), f"{base} + {children - 1} × {extra}"
        )
    )


def lump_sum(calc: Calculation, children: int) -> int:
    """2 × the reference level of the month of birth or adoption, per child (Art. 58.4)."""
    multiplier = calc.number("maternity/lump_sum_multiplier")
    rl = reference_level(calc)
    return to_vnd(
        calc.amount(
            "lump_sum",
            multiplier * rl * children,
            f"{children} × {plain(multiplier)} × {fmt_vnd(rl)}",
        )
    )
