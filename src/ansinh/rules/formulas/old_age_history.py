"""Contribution history for old-age benefits: supported periods, year counting, revalued average.

Law 41/2024/QH15 Art. 72 (L58 Art. 62): the average monthly salary of employer-set pay is the
average of the whole career, each month revalued by the coefficient of its calendar year published
for the settlement year (D158/2025 Art. 16.1.a; D115/2015 Art. 10 before), never below the floor.

Supported histories: compulsory SI under employer-set pay. State pay-scale periods (average of the
last 5 to 20 years by start year, revalued to the reference level at retirement) and voluntary SI
(income revalued, State subsidy excluded) are refused with a reason, not estimated: the stored
reference level starts in 2019-07, so State-scale salaries of earlier years cannot be revalued.

Rounding: the law is silent; the average monthly salary is rounded half-up to the whole dong before
it is used, and so is every amount derived from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from ansinh.rules.formulas.common import table_number
from ansinh.rules.history import Month, Period, expand, month_start
from ansinh.rules.money import ZERO, fmt_vnd, to_vnd
from ansinh.rules.store import ParameterError, Scalar
from ansinh.rules.trace import Calculation

UNSUPPORTED_HISTORY = (
    "Only compulsory SI periods under employer-set pay can be calculated: State pay-scale periods "
    "(average of the last 5–20 years, revalued to the reference level) and voluntary SI periods "
    "(State subsidy excluded) are not implemented."
)


def whole(table: dict[str, Scalar], key: str) -> int:
    """One whole-number entry of a mapping parameter (months, years, percent)."""
    return int(table_number(table, key))


def month_index(day: date) -> int:
    """Months since year 0, so that differences between two months are whole months."""
    return day.year * 12 + day.month - 1


def years_text(months: int) -> str:
    """A number of months as 'Ny Mm', e.g. 60y3m."""
    return f"{months // 12}y{months % 12}m"


def stored_table(
    calc: Calculation, name: str, reason: str, on: date | None = None
) -> dict[str, Scalar] | None:
    """Read a mapping parameter; if none is stored for the date, refuse with `reason`."""
    try:
        return calc.table(name, on)
    except ParameterError:
        calc.require(f"{name} stored", False, reason)
        return None


def supported_months(calc: Calculation, history: Sequence[Period], before: date) -> list[Month]:
    """The months contributed before `before`'s month; refuse histories it cannot average."""
    months = [m for m in expand(history) if m.month < month_start(before)]
    calc.require(
        "employer_set_compulsory_history",
        all(m.scheme == "compulsory" and m.pay_type == "employer_set" for m in months),
        UNSUPPORTED_HISTORY,
    )
    return months


def joined_before(calc: Calculation, months: Sequence[Month], cutoff: str) -> bool:
    """Whether the history has SI time before `cutoff` (ISO date); recorded as a derived input."""
    first = months[0].month if months else None
    joined = first is not None and first < date.fromisoformat(cutoff)
    calc.input(f"joined_before_{cutoff}", joined)
    return joined


def years_for_amount(calc: Calculation, name: str, months: int) -> Decimal:
    """Years of SI for an amount: whole years plus the odd months' band (½ or 1 year)."""
    whole_years, odd = divmod(months, 12)
    bands = calc.table("general/odd_months_as_years")
    reached = [int(band) for band in bands if int(band) <= odd]
    odd_years = table_number(bands, str(max(reached))) if reached else ZERO
    return calc.amount(
        name, whole_years + odd_years, f"{months} months = {whole_years} years + {odd} odd months"
    )


@dataclass(frozen=True)
class Revaluation:
    """The coefficients of the settlement year, by contribution year, and their floor."""

    table: dict[str, Scalar]
    floor: Decimal


def revaluation(calc: Calculation, on: date | None = None) -> Revaluation | None:
    """The revaluation table of the settlement year of `on` (default: the law date), or None."""
    year = (on or calc.law_date).year
    reason = f"No revaluation coefficients are stored for settlements in {year}."
    table = stored_table(calc, "old_age/revaluation_coefficients", reason, on)
    if table is None or not calc.require(
        "revaluation_table_for_settlement_year", whole(table, "settlement_year") == year, reason
    ):
        return None
    return Revaluation(table, calc.number("old_age/revaluation_floor"))


def revalued_average(
    calc: Calculation, months: Sequence[Month], coefficients: Revaluation
) -> Decimal:
    """Average monthly salary, each calendar year's salaries × that year's coefficient.

    Years after the table's settlement year (only in an estimate at today's table) take the
    settlement year's own coefficient: their salaries are counted at today's value.
    """
    table, floor = coefficients.table, coefficients.floor
    settled = whole(table, "settlement_year")
    total = ZERO
    for year, group in groupby(months, key=lambda m: m.month.year):
        salaries = [m.salary for m in group]
        later = str(settled) if year > settled else "earlier"
        key = str(year) if str(year) in table else later
        coefficient = max(table_number(table, key), floor)
        subtotal = sum(salaries, ZERO)
        total += calc.amount(
            f"revalued_salaries_{year}",
            subtotal * coefficient,
            f"{len(salaries)} months, {fmt_vnd(subtotal)} × {coefficient}",
        )
    return calc.amount(
        "average_salary",
        to_vnd(total / len(months)),
        f"{fmt_vnd(total)} / {len(months)} months, rounded to the dong",
    )
