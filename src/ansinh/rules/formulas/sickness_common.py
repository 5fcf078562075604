"""Helpers shared by the sickness and maternity formulas (one fund, the same day arithmetic).

Generic pieces that `common.py` / `history.py` could host later: `table_number`, `band_value`,
`rule_in_force`, `first_in_force`, `add_months_same_day`, `months_and_days`, `age_in_years`.

Rounding: the law is silent; every named amount is rounded half-up to the whole dong, computed
from the unrounded daily or monthly rate (a daily rate is shown rounded but never used rounded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ansinh.rules.formulas.common import plain, reference_level, table_number
from ansinh.rules.history import Month, Period, expand, same_day_months_later
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.store import parameter
from ansinh.rules.trace import Calculation


@dataclass(frozen=True)
class Split:
    """How the counted days divide into full-rate, lower-rate and unpaid days."""

    limit: Decimal
    full: Decimal
    reduced: Decimal
    unpaid: Decimal


def rule_in_force(calc: Calculation, name: str) -> bool:
    """True if parameter `name` has a non-repealed value in force on the law date."""
    current = [p for p in parameter(name).enacted() if p.start <= calc.law_date]
    return bool(current) and current[-1].value is not None


def first_in_force(name: str) -> str:
    """'<date> (<instrument>, <article>)' of a parameter's first enacted value, for reasons."""
    first = parameter(name).enacted()[0]
    article = f", {first.source.article}" if first.source.article else ""
    return f"{first.start.isoformat()} ({first.source.instrument}{article})"


def as_output(value: Decimal) -> int | float:
    """A day count for the outputs: an int when whole, else a float (halves are exact)."""
    return int(value) if value == value.to_integral_value() else float(value)


def months_and_days(start: date, end_exclusive: date) -> tuple[int, int]:
    """Whole months from `start` (each to the day before the same day next month) and odd days."""
    months = 0
    while same_day_months_later(start, months + 1) <= end_exclusive:
        months += 1
    return months, (end_exclusive - same_day_months_later(start, months)).days


def compulsory_months(history: list[Period]) -> list[Month]:
    """The compulsory-SI months of a history, oldest first."""
    return [m for m in expand(history) if m.scheme == "compulsory"]


def within_days_after(calc: Calculation, window: str, start: date, end: date) -> bool:
    """Check that `start` lies within the parameter `window` of days after `end`."""
    limit = int(calc.number(window))
    gap = (start - end).days
    return calc.require(
        "start_window",
        0 < gap <= limit,
        f"The leave must start within {limit} days after {end.isoformat()}; "
        f"{start.isoformat()} is {gap} days after it.",
    )


def convalescence(
    calc: Calculation, area: str, reason: str, requested: int | None, taken: int
) -> dict[str, int]:
    """Days (the reason's maximum less days taken) × daily rate × reference level."""
    maximum = int(table_number(calc.table(f"{area}/convalescence/max_days"), reason))
    left = max(maximum - taken, 0)
    days = left if requested is None else min(requested, left)
    if not calc.require(
        "convalescence_days_left",
        days > 0,
        f"No convalescence days are left: the maximum for '{reason}' is {maximum} days "
        f"and {taken} were already taken this year.",
    ):
        return {}
    rate = calc.number(f"{area}/convalescence/daily_rate")
    rl = reference_level(calc)
    daily = calc.amount("daily_allowance", rate * rl, f"{plain(rate)} × {fmt_vnd(rl)}")
    amount = calc.amount("amount", to_vnd(daily * days), f"{days} days × {fmt_vnd(daily)}")
    return {"days": days, "daily_allowance": to_vnd(daily), "amount": to_vnd(amount)}
