"""The monthly old-age pension and the lump sum on retirement.

Law 41/2024/QH15 Art. 64–68, 72, 141.11 for pensions starting from 2025-07-01; Law 58/2014/QH13
Art. 54–58, 62 before. The law in force on the retirement date (the first day of the pension)
applies, including the rate table of that year and the revaluation table of that settlement year.
Contributions of the retirement month and later are not counted.

Steps: eligibility (minimum SI years in whole years; the age, possibly lowered on work grounds or,
with a reduced rate, on capacity-loss grounds), the rate on years counted with the half-year rule,
the revalued average salary, the minimum pension, and the lump sum for years above the years that
give the maximum rate.

Rounding: the law is silent; the average salary, the pension and the lump sum are each rounded
half-up to the whole dong.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from ansinh.rules.engine import Outcome, benefit
from ansinh.rules.formulas.common import reference_level, table_number
from ansinh.rules.formulas.old_age_history import (
    joined_before,
    month_index,
    revaluation,
    revalued_average,
    supported_months,
    whole,
    years_for_amount,
    years_text,
)
from ansinh.rules.formulas.old_age_rate import early_reduction, full_rate
from ansinh.rules.formulas.old_age_retirement_age import (
    EarlyGroundsCase,
    RetirementAge,
    earliest_retirement,
    normal_retirement,
)
from ansinh.rules.history import Month, Period, month_start, month_text
from ansinh.rules.money import ZERO, fmt_vnd, to_vnd
from ansinh.rules.store import Scalar
from ansinh.rules.trace import Calculation

UNIT = "VND/month"


class PensionCase(EarlyGroundsCase):
    """A person retiring on `retirement_date` with their contribution history."""

    retirement_date: date = Field(description="First day of the pension; its law applies")
    history: list[Period] = Field(description="Contribution periods (compulsory, employer-set)")
    tables_on: date | None = Field(
        default=None,
        description="An estimate only: revalue salaries with the table in force on this date "
        "(today's) when the settlement year's table is not published yet",
    )
    capacity_loss_percent: int | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Assessed loss of working capacity, for early retirement",
    )

    def law_date(self) -> date:
        """The law in force when the pension starts applies."""
        return self.retirement_date


def _contribution_years(calc: Calculation, months: list[Month]) -> None:
    """Refuse when the whole years of SI are below the minimum for a pension."""
    minimum = int(calc.number("old_age/pension/minimum_years"))
    calc.require(
        "minimum_contribution_years",
        len(months) >= minimum * 12,
        f"A pension needs at least {minimum} years of compulsory SI; the history has "
        f"{years_text(len(months))}.",
    )


def _capacity_loss_route(calc: Calculation, case: PensionCase, early: int, months: int) -> None:
    """Refuse an early pension that the capacity loss and the SI years do not allow."""
    rule = calc.table("old_age/pension/capacity_loss_early_retirement")
    loss = case.capacity_loss_percent or 0
    if loss >= whole(rule, "severe_loss_percent"):
        allowed = whole(rule, "severe_years_earlier")
    elif loss >= whole(rule, "moderate_loss_percent"):
        allowed = whole(rule, "moderate_years_earlier")
    else:
        allowed = 0
    calc.require(
        "early_retirement_allowed",
        early <= allowed * 12,
        f"The retirement age is not reached: the pension would start {years_text(early)} before "
        f"the normal pension start, and a capacity loss of {loss}% allows at most {allowed} years "
        f"(≥ {whole(rule, 'moderate_loss_percent')}%: {whole(rule, 'moderate_years_earlier')}, "
        f"≥ {whole(rule, 'severe_loss_percent')}%: {whole(rule, 'severe_years_earlier')}).",
    )
    minimum = whole(rule, "minimum_years")
    calc.require(
        "early_retirement_minimum_years",
        months >= minimum * 12,
        f"An early pension for lost capacity needs at least {minimum} years of SI; the history "
        f"has {years_text(months)}.",
    )


def _months_early(calc: Calculation, case: PensionCase, normal: RetirementAge, months: int) -> int:
    """Months the pension starts before the normal pension start (0 if none or on work grounds)."""
    start = month_start(case.retirement_date)
    early = month_index(normal.pension_start) - month_index(start)
    if early <= 0:
        return 0
    earliest = earliest_retirement(calc, case, normal)
    if start >= earliest.pension_start:
        return 0
    calc.amount(
        "months_before_normal_pension_start",
        early,
        f"{month_text(start)} to {month_text(normal.pension_start)}",
    )
    _capacity_loss_route(calc, case, early, months)
    return early


def _minimum_pension(calc: Calculation, months: list[Month]) -> Decimal:
    """The reference level if the person qualifies for the minimum pension, else 0."""
    rule = calc.table("old_age/pension/minimum_pension")
    years = whole(rule, "minimum_years")
    enough = len(months) >= years * 12
    joined = "joined_before" not in rule or joined_before(calc, months, str(rule["joined_before"]))
    if not (enough and joined):
        return calc.amount(
            "minimum_pension", ZERO, f"not applicable: needs ≥ {years} years and the join date"
        )
    return calc.amount("minimum_pension", reference_level(calc), "reference level in force")


def _after_age_years(
    calc: Calculation, rule: dict[str, Scalar], months: list[Month], normal: RetirementAge
) -> Decimal:
    """Rounded years contributed after the normal retirement age (0 if the law has no such part)."""
    if "per_year_after_retirement_age" not in rule:
        return ZERO
    after = sum(1 for m in months if m.month >= normal.pension_start)
    return years_for_amount(calc, "years_after_retirement_age", after)


def _lump_sum(
    calc: Calculation,
    cap_years: Decimal | None,
    months: list[Month],
    average: Decimal,
    normal: RetirementAge,
) -> Decimal:
    """Lump sum for years above the maximum-rate years; L41: years after the age count more."""
    excess = len(months) - int(cap_years * 12) if cap_years is not None else 0
    if excess <= 0:
        return calc.amount("retirement_lump_sum", ZERO, "no years above the maximum-rate years")
    rule = calc.table("old_age/pension/retirement_lump_sum")
    above = years_for_amount(calc, "years_above_maximum_rate", excess)
    after = min(_after_age_years(calc, rule, months, normal), above)
    per_year = table_number(rule, "per_year_above_maximum_rate")
    later = table_number(rule, "per_year_after_retirement_age") if after else ZERO
    return calc.amount(
        "retirement_lump_sum",
        to_vnd(((above - after) * per_year + after * later) * average),
        f"(({above} − {after}) × {per_year} + {after} × {later}) × {fmt_vnd(average)}",
    )


@benefit("pension", "Monthly old-age pension and lump sum on retirement", PensionCase)
def pension(case: PensionCase, calc: Calculation) -> Outcome:
    """Monthly pension, rate, average salary, years counted and the lump sum on retirement."""
    months = supported_months(calc, case.history, case.retirement_date)
    coefficients = revaluation(calc, case.tables_on)
    if coefficients is None:
        return Outcome(amount=None, unit=UNIT, outputs={})
    _contribution_years(calc, months)
    normal = normal_retirement(calc, case)
    early = _months_early(calc, case, normal, len(months))
    if not calc.eligible:
        return Outcome(amount=None, unit=UNIT, outputs={})
    unreduced = full_rate(calc, case.sex, len(months))
    reduction = early_reduction(calc, early)
    rate = calc.amount(
        "pension_rate", unreduced.rate - reduction, f"{unreduced.rate} − {reduction}"
    )
    average = revalued_average(calc, months, coefficients)
    by_rate = calc.amount("pension_by_rate", to_vnd(rate * average), f"{rate} × {fmt_vnd(average)}")
    minimum = _minimum_pension(calc, months)
    monthly = calc.amount("monthly_pension", max(by_rate, minimum), "max(by rate, minimum)")
    lump_sum = _lump_sum(calc, unreduced.maximum_rate_years, months, average, normal)
    return Outcome(
        amount=to_vnd(monthly),
        unit=UNIT,
        outputs={
            "monthly_pension": to_vnd(monthly),
            "rate_percent": _plain(rate * 100),
            "reduction_percent": _plain(reduction * 100),
            "average_salary": to_vnd(average),
            "contribution_months": len(months),
            "years_counted": _plain(unreduced.years),
            "months_early": early,
            "minimum_pension": to_vnd(minimum),
            "lump_sum": to_vnd(lump_sum),
            **normal.outputs("normal_retirement_"),
        },
    )


def _plain(value: Decimal) -> int | float:
    """A JSON-friendly number: whole values as int, else float."""
    return int(value) if value == value.to_integral_value() else float(value)
