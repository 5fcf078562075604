"""The pension rate: initial rate at the initial years, a step per further year, the maximum.

Law 41/2024/QH15 Art. 66 (L58 Art. 56). Years count with the half-year rule for odd months; men
under L41 with fewer years than the men's initial years use the short-career rule (40% + 1%).
Retiring before the normal age on capacity-loss grounds reduces the rate per year early, with a
part-year step (Art. 66.3). The years that reach the maximum rate are also the threshold of the lump
sum on retirement.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ansinh.rules.formulas.common import table_number
from ansinh.rules.formulas.old_age_history import whole, years_for_amount
from ansinh.rules.formulas.old_age_retirement_age import Sex
from ansinh.rules.money import ZERO
from ansinh.rules.store import Scalar
from ansinh.rules.trace import Calculation


def _rule(calc: Calculation, sex: Sex, years: Decimal) -> dict[str, Scalar]:
    """The rate rule for the sex and years (men under the initial years: the short-career rule)."""
    rule = calc.table(f"old_age/pension/rate/{'men' if sex == 'male' else 'women'}")
    if sex == "male" and years < table_number(rule, "initial_years"):
        return calc.table("old_age/pension/rate/men_short_career")
    return rule


def _rate(calc: Calculation, rule: dict[str, Scalar], years: Decimal) -> Decimal:
    """Initial rate + step per year above the initial years, capped at the maximum if any."""
    initial, step = table_number(rule, "initial_rate"), table_number(rule, "annual_step")
    base_years = table_number(rule, "initial_years")
    rate = initial + step * (years - base_years)
    formula = f"{initial} + {step} × ({years} − {base_years})"
    if "maximum_rate" in rule:
        rate = min(rate, table_number(rule, "maximum_rate"))
        formula = f"min({formula}, {table_number(rule, 'maximum_rate')})"
    return calc.amount("rate_for_years", rate, formula)


def early_reduction(calc: Calculation, early: int) -> Decimal:
    """Rate reduction for retiring `early` months before the normal pension start."""
    if early == 0:
        return ZERO
    rule = calc.table("old_age/pension/early_retirement_reduction")
    years, odd = divmod(early, 12)
    part = table_number(rule, "part_year") if odd >= whole(rule, "part_year_from_months") else ZERO
    return calc.amount(
        "early_retirement_reduction",
        years * table_number(rule, "per_year") + part,
        f"{years} years × {table_number(rule, 'per_year')} + {odd} odd months → {part}",
    )


def _maximum_rate_years(rule: dict[str, Scalar]) -> Decimal | None:
    """Years of SI that reach the maximum rate (None for a rule without a maximum)."""
    if "maximum_rate" not in rule:
        return None
    gap = table_number(rule, "maximum_rate") - table_number(rule, "initial_rate")
    return table_number(rule, "initial_years") + gap / table_number(rule, "annual_step")


@dataclass(frozen=True)
class FullRate:
    """Years counted for the rate, the rate before any reduction, and the maximum-rate years."""

    years: Decimal
    rate: Decimal
    maximum_rate_years: Decimal | None


def full_rate(calc: Calculation, sex: Sex, months: int) -> FullRate:
    """The pension rate for `months` of SI before any early-retirement reduction."""
    years = years_for_amount(calc, "years_for_rate", months)
    rule = _rule(calc, sex, years)
    return FullRate(years, _rate(calc, rule, years), _maximum_rate_years(rule))
