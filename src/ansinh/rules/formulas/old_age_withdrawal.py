"""The one-time SI withdrawal (BHXH một lần): who may take it and how much it is.

Law 41/2024/QH15 Art. 70 for claims from 2025-07-01; Law 58/2014/QH13 Art. 60 with National
Assembly Resolution 93/2015/QH13 before. The law in force on the claim date applies, with the
revaluation table of that settlement year. Contributions of the claim month and later are ignored.

Amount: the revalued average monthly salary × (per-year multiple × whole years before 2014 +
per-year multiple × half-year-rounded years from 2014, after moving the odd pre-2014 months
forward); with less than a year of SI, the amount contributed to the retirement and survivorship
fund, capped at two average salaries. The State subsidy of voluntary SI is not modelled because
voluntary periods are refused.

Rounding: the law is silent; the average salary and the amount are rounded half-up to the dong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from ansinh.rules.engine import Outcome, benefit
from ansinh.rules.formulas.common import table_number
from ansinh.rules.formulas.old_age_history import (
    joined_before,
    revaluation,
    revalued_average,
    stored_table,
    supported_months,
    whole,
    years_for_amount,
    years_text,
)
from ansinh.rules.formulas.old_age_retirement_age import PersonCase, normal_retirement
from ansinh.rules.history import Month, Period, add_months, month_start, month_text
from ansinh.rules.money import ZERO, fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation

UNIT = "VND"
Ground = Literal[
    "pension_age",
    "emigration",
    "serious_illness",
    "severe_capacity_loss",
    "armed_forces_demobilised",
    "out_of_insurance",
]


class WithdrawalCase(PersonCase):
    """A claim for the one-time withdrawal on one ground, with the contribution history."""

    claim_date: date = Field(description="Date of the claim; its law applies")
    ground: Ground
    history: list[Period] = Field(description="Contribution periods (compulsory, employer-set)")
    capacity_loss_percent: int | None = Field(
        default=None, ge=0, le=100, description="Assessed loss of working capacity"
    )

    def law_date(self) -> date:
        """The law in force on the claim date applies."""
        return self.claim_date


def _out_of_insurance(calc: Calculation, case: WithdrawalCase, months: list[Month]) -> None:
    """Waited long enough after the last month paid, below the years cap, and (L41) joined early."""
    rule = calc.table("old_age/withdrawal/out_of_insurance")
    waiting, cap = whole(rule, "waiting_months"), whole(rule, "maximum_years")
    last = months[-1].month
    opens = add_months(last, 1 + waiting)
    calc.require(
        "waiting_time_without_insurance",
        month_start(case.claim_date) >= opens,
        f"The route needs {waiting} full months without SI after the last month paid "
        f"({month_text(last)}): a claim is possible from {opens.isoformat()}.",
    )
    calc.require(
        "below_years_for_out_of_insurance",
        len(months) < cap * 12,
        f"With {cap} years of SI or more ({years_text(len(months))} here) the route is closed; "
        "the time is kept for a pension.",
    )
    if "joined_before" in rule:
        cutoff = str(rule["joined_before"])
        calc.require(
            "joined_before_cutoff",
            joined_before(calc, months, cutoff),
            f"Since {cutoff} the route after months without SI is open only to people with SI time "
            f"before {cutoff}; this history starts in {month_text(months[0].month)}.",
        )


def _pension_age(calc: Calculation, case: WithdrawalCase, months: list[Month]) -> None:
    """At the retirement age without the minimum years for a pension."""
    normal = normal_retirement(calc, case)
    calc.require(
        "retirement_age_reached",
        case.claim_date >= normal.reached_on,
        f"The retirement age is reached on {normal.reached_on.isoformat()}, after the claim date.",
    )
    minimum = int(calc.number("old_age/pension/minimum_years"))
    calc.require(
        "below_pension_minimum_years",
        len(months) < minimum * 12,
        f"With {years_text(len(months))} of SI (≥ {minimum} years) the person is entitled to a "
        "pension, not to a withdrawal on the pension-age ground.",
    )


def _severe_capacity_loss(calc: Calculation, case: WithdrawalCase, _months: list[Month]) -> None:
    """A capacity loss at or above the threshold."""
    threshold = int(calc.number("old_age/withdrawal/severe_capacity_loss"))
    loss = case.capacity_loss_percent or 0
    calc.require(
        "severe_capacity_loss",
        loss >= threshold,
        f"The severe-capacity-loss ground needs a loss of at least {threshold}%; "
        f"the case has {loss}%.",
    )


GROUND_CHECKS: dict[str, Callable[[Calculation, WithdrawalCase, list[Month]], None]] = {
    "out_of_insurance": _out_of_insurance,
    "pension_age": _pension_age,
    "severe_capacity_loss": _severe_capacity_loss,
}


def _eligible(calc: Calculation, case: WithdrawalCase, months: list[Month]) -> bool:
    """The ground exists in the law in force and its conditions hold."""
    grounds = calc.law("old_age/withdrawal/grounds")
    if not calc.require(
        "ground_in_force",
        isinstance(grounds, list) and case.ground in grounds,
        f"The ground '{case.ground}' is not a withdrawal ground in the law in force on "
        f"{calc.law_date.isoformat()}.",
    ) or not calc.require(
        "has_contributions", bool(months), "There is no SI time before the claim date."
    ):
        return False
    check = GROUND_CHECKS.get(case.ground)
    if check is not None:
        check(calc, case, months)
    return calc.eligible


def _contributed(calc: Calculation, months: list[Month], average: Decimal, cap: Decimal) -> Decimal:
    """Amount paid to the retirement and survivorship fund, capped at `cap` average salaries."""
    paid = ZERO
    for month in months:
        reason = f"No pension-fund contribution rate is stored for {month_text(month.month)}."
        rates = stored_table(calc, "contributions/rates/pension_survivors", reason, month.month)
        if rates is None:
            return ZERO
        share = table_number(rates, "employer") + table_number(rates, "employee")
        paid += calc.amount(
            f"contributed_{month_text(month.month)}",
            month.salary * share,
            f"{fmt_vnd(month.salary)} × {share}",
        )
    return calc.amount(
        "withdrawal_amount",
        to_vnd(min(paid, cap * average)),
        f"min({fmt_vnd(paid)}, {cap} × {fmt_vnd(average)})",
    )


def _by_years(calc: Calculation, months: list[Month], average: Decimal) -> Decimal:
    """Average salary × (multiple × years before the split + multiple × years from it)."""
    rule = calc.table("old_age/withdrawal/amount")
    split = date.fromisoformat(str(rule["split_date"]))
    early_years, odd = divmod(sum(1 for m in months if m.month < split), 12)
    calc.amount(
        "years_before_split",
        early_years,
        f"whole years before {split.isoformat()}; {odd} odd months move to the later block",
    )
    later = years_for_amount(calc, "years_from_split", sum(m.month >= split for m in months) + odd)
    early_rate, later_rate = (
        table_number(rule, "per_year_before_split"),
        table_number(rule, "per_year_from_split"),
    )
    return calc.amount(
        "withdrawal_amount",
        to_vnd((early_years * early_rate + later * later_rate) * average),
        f"({early_years} × {early_rate} + {later} × {later_rate}) × {fmt_vnd(average)}",
    )


@benefit("one_time_withdrawal", "One-time SI withdrawal (BHXH một lần)", WithdrawalCase)
def one_time_withdrawal(case: WithdrawalCase, calc: Calculation) -> Outcome:
    """Whether the withdrawal is allowed on the ground given, and its amount."""
    months = supported_months(calc, case.history, case.claim_date)
    coefficients = revaluation(calc)
    if coefficients is None or not (calc.eligible and _eligible(calc, case, months)):
        return Outcome(amount=None, unit=UNIT, outputs={})
    average = revalued_average(calc, months, coefficients)
    short = calc.table("old_age/withdrawal/short_career")
    if len(months) < whole(short, "below_months"):
        amount = _contributed(calc, months, average, table_number(short, "cap_average_months"))
    else:
        amount = _by_years(calc, months, average)
    return Outcome(
        amount=to_vnd(amount),
        unit=UNIT,
        outputs={
            "amount": to_vnd(amount),
            "average_salary": to_vnd(average),
            "contribution_months": len(months),
        },
    )
