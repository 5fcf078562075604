"""Sick pay for a long-term disease under Law 58/2014/QH13 (leave starting before 2025-07-01).

L58 Art. 26.2 and 28.2, Circular 59/2015/TT-BLĐTBXH Art. 6.2: up to 180 calendar days a year
(weekends and holidays included) at 75%, then the lower rate by SI years (65/55/50%) for at most
the SI contribution time; paid by whole months (from a day to the day before the same day next
month) × the monthly rate, plus odd days × the monthly rate / 24. The contribution-time limit is
applied to this leave only. The rule applies while `sickness/long_term/full_rate_days` is in force.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ansinh.rules.formulas.common import plain
from ansinh.rules.formulas.sickness_common import (
    Split,
    months_and_days,
)
from ansinh.rules.history import same_day_months_later
from ansinh.rules.money import fmt_vnd, to_vnd
from ansinh.rules.trace import Calculation

OLD_LONG_TERM = "sickness/long_term/full_rate_days"


def old_long_term_split(
    calc: Calculation, leave_start: date, days: Decimal, taken: Decimal, years: Decimal
) -> Split:
    """180 calendar days a year at 75%, then the lower rate for at most the SI time."""
    limit = calc.number(OLD_LONG_TERM)
    full = calc.amount(
        "full_rate_days",
        min(days, max(limit - taken, Decimal(0))),
        f"min({plain(days)}, {plain(limit)} calendar days − {plain(taken)} taken)",
    )
    start = leave_start + timedelta(days=int(full))
    si_months = int(years * 12)
    cap = Decimal((same_day_months_later(start, si_months) - start).days)
    reduced = calc.amount(
        "reduced_rate_days",
        min(days - full, cap),
        f"min({plain(days - full)}, {cap} days = {si_months} months of SI from {start})",
    )
    return Split(limit, full, reduced, days - full - reduced)


def _month_block_pay(
    calc: Calculation, name: str, salary: Decimal, rate: Decimal, first: int, days: Decimal
) -> int:
    """L58 long-term pay: whole months × monthly rate + odd days × monthly rate / 24."""
    start = calc.law_date + timedelta(days=first)
    months, odd = months_and_days(start, start + timedelta(days=int(days)))
    divisor = calc.number("sickness/daily_divisor")
    monthly = salary * rate
    return to_vnd(
        calc.amount(
            name,
            to_vnd(monthly * months + monthly * odd / divisor),
            f"{months} months × {fmt_vnd(monthly)} + {odd} days × {fmt_vnd(monthly)} / "
            f"{plain(divisor)}",
        )
    )


def old_long_term_pay(
    calc: Calculation, salary: Decimal, rate: Decimal, reduced_rate: Decimal | None, split: Split
) -> tuple[int, int]:
    """L58 long-term disease: the first block at 75%, the next at the lower rate."""
    full = _month_block_pay(calc, "full_rate_amount", salary, rate, 0, split.full)
    if reduced_rate is None:
        return full, 0
    first = int(split.full)
    return full, _month_block_pay(
        calc, "reduced_rate_amount", salary, reduced_rate, first, split.reduced
    )
