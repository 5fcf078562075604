"""The dated collection and book parameters this domain reads (rules/parameters/contributions)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from ansinh.rules.formulas.contributions import FUNDS
from ansinh.rules.history import add_months
from ansinh.rules.money import dec
from ansinh.rules.reads import law
from ansinh.rules.store import Scalar, parameter

WEEKDAYS = tuple(calendar.day_name)


def _scalars(name: str, on: date) -> list[Scalar]:
    value = law(name, on)
    if not isinstance(value, list):
        raise TypeError(f"parameter {name} is not a list")
    return value


def _number(name: str, on: date) -> Decimal:
    value = law(name, on)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"parameter {name} is not a number")
    return dec(value)


def last_day(month: date) -> date:
    """The last day of `month`'s month."""
    return add_months(month, 1) - timedelta(days=1)


def payment_deadline(month: date) -> date:
    """The last day to pay the contributions of `month` without interest."""
    return last_day(add_months(month, int(_number("contributions/payment_deadline", month))))


def absence_limit(month: date) -> int:
    """Working days of absence in `month` from which no contribution is due."""
    return int(_number("contributions/absence_working_days", month))


def working_weekdays(month: date) -> frozenset[int]:
    """The weekdays (Monday = 0) counted as working days in `month`."""
    names = _scalars("contributions/working_weekdays", month)
    return frozenset(WEEKDAYS.index(str(name)) for name in names)


def fund_order(on: date) -> list[str]:
    """The order in which a payment covers the funds of one month."""
    order = [str(fund) for fund in _scalars("contributions/allocation/fund_order", on)]
    if sorted(order) != sorted(FUNDS):
        raise ValueError("contributions/allocation/fund_order must name each fund once")
    return order


def counted_paid_share(on: date) -> Decimal:
    """Share of a fund-month that must be paid before the month counts for its employees."""
    return _number("contributions/allocation/counted_paid_share", on)


def late_interest(amount: int, *, deadline: date, until: date) -> Decimal:
    """Interest on `amount` paid late: each day after `deadline` up to `until` at its rate."""
    if amount <= 0 or until <= deadline:
        return Decimal(0)
    total = Decimal(0)
    for period in parameter("contributions/late_payment_interest").enacted():
        first = max(period.start, deadline + timedelta(days=1))
        last = min(period.end or until, until)
        if period.value is not None and first <= last:
            total += dec(str(period.value)) * amount * ((last - first).days + 1)
    return total
