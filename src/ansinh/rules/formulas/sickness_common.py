"""Helpers shared by the sickness and maternity formulas (one fund, the same day arithmetic).

Generic pieces that `common.py` / `history.py` could host later: `table_number`, `band_value`,
`rule_in_force`, `first_in_force`, `add_months_same_day`, `months_and_days`, `age_in_years`.

Rounding: the law is silent; every named amount is rounded half-up to the whole dong, computed
from the unrounded daily or monthly rate (a daily rate is shown rounded but never used rounded).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from pydantic import Field, model_validator

from ansinh.rules.engine import Case
from ansinh.rules.formulas.common import reference_level
from ansinh.rules.history import Month, Period, add_months, expand, month_start
from ansinh.rules.money import dec, fmt_vnd, to_vnd
from ansinh.rules.store import Scalar, parameter
from ansinh.rules.trace import Calculation


def table_number(table: dict[str, Scalar], key: str) -> Decimal:
    """One numeric entry of a mapping parameter, as a Decimal."""
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"table entry {key!r} is not a number")
    return dec(value)


def band_value(table: dict[str, Scalar], measure: Decimal) -> Decimal:
    """The entry of a table keyed by band lower bounds (as text) that covers `measure`."""
    covering = [key for key in table if dec(key) <= measure]
    if not covering:
        raise ValueError(f"no band of the table covers {measure}")
    return table_number(table, max(covering, key=dec))


def rule_in_force(calc: Calculation, name: str) -> bool:
    """True if parameter `name` has a non-repealed value in force on the law date."""
    enacted = [(d, v) for d, v in parameter(name).spec.values.items() if not v.expected]
    current = [v for d, v in enacted if d <= calc.law_date]
    return bool(current) and current[-1].value is not None


def first_in_force(name: str) -> str:
    """'<date> (<instrument>, <article>)' of a parameter's first enacted value, for reasons."""
    day, entry = next((d, v) for d, v in parameter(name).spec.values.items() if not v.expected)
    article = f", {entry.source.article}" if entry.source.article else ""
    return f"{day.isoformat()} ({entry.source.instrument}{article})"


def as_output(value: Decimal) -> int | float:
    """A day count for the outputs: an int when whole, else a float (halves are exact)."""
    return int(value) if value == value.to_integral_value() else float(value)


def text(value: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros, e.g. 2.5 or 0.75."""
    return f"{value.normalize():f}"


def age_in_years(birth: date, day: date) -> int:
    """Completed years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_months_same_day(day: date, months: int) -> date:
    """The same day of the month `months` later (the month's last day if that one is shorter)."""
    first = add_months(day, months)
    return first.replace(day=min(day.day, monthrange(first.year, first.month)[1]))


def months_and_days(start: date, end_exclusive: date) -> tuple[int, int]:
    """Whole months from `start` (each to the day before the same day next month) and odd days."""
    months = 0
    while add_months_same_day(start, months + 1) <= end_exclusive:
        months += 1
    return months, (end_exclusive - add_months_same_day(start, months)).days


def compulsory_months(history: list[Period]) -> list[Month]:
    """The compulsory-SI months of a history, oldest first."""
    return [m for m in expand(history) if m.scheme == "compulsory"]


def month_text(month: Month) -> str:
    """A contributed month as YYYY-MM."""
    return month.month.strftime("%Y-%m")


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
    daily = calc.amount("daily_allowance", rate * rl, f"{text(rate)} × {fmt_vnd(rl)}")
    amount = calc.amount("amount", to_vnd(daily * days), f"{days} days × {fmt_vnd(daily)}")
    return {"days": days, "daily_allowance": to_vnd(daily), "amount": to_vnd(amount)}


# --- sick pay (own sickness and a sick child) ---------------------------------------------------


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
        "salary_basis", chosen.salary, f"{fmt_vnd(chosen.salary)}, {month_text(chosen)}: {why}"
    )


def counted_days(calc: Calculation, days: Decimal, name: str = "days_counted") -> Decimal:
    """Apply the part-day rule in force (L41 Art. 45.5); without one, only whole days count."""
    whole = days.to_integral_value(rounding=ROUND_FLOOR)
    part = days - whole
    if part == 0:
        return days
    if rule_in_force(calc, "sickness/half_day_rounding"):
        rule = calc.table("sickness/half_day_rounding")
        below = part < table_number(rule, "threshold")
        step = table_number(rule, "below" if below else "from_threshold")
        formula = f"{text(whole)} + {text(part)} of a day counted as {text(step)}"
    else:
        step = Decimal(0)
        formula = f"{text(days)} → {text(whole)}: no part-day rule in force, whole days only"
    return calc.amount(name, whole + step, formula)


def daily_pay(calc: Calculation, salary: Decimal, rate: Decimal, name: str) -> Decimal:
    """Monthly sick pay at `rate` divided by the days of a month (L41 Art. 45.5)."""
    divisor = calc.number("sickness/daily_divisor")
    return calc.amount(
        name, salary * rate / divisor, f"{fmt_vnd(salary)} × {text(rate)} / {text(divisor)}"
    )


def days_pay(calc: Calculation, name: str, daily: Decimal, days: Decimal) -> int:
    """Pay for a number of days at an (unrounded) daily rate, rounded to the dong."""
    return to_vnd(calc.amount(name, to_vnd(daily * days), f"{text(days)} × {fmt_vnd(daily)}"))
