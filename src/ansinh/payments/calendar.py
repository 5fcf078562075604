"""Payroll days: the first working day of a month (weekends and dated public holidays off)."""

from __future__ import annotations

from datetime import date, timedelta

from ansinh.rules.store import NotInForce, parameter

SATURDAY = 5


def holidays(year: int) -> frozenset[date]:
    """The public holidays of `year` (none listed: an empty set)."""
    try:
        listed = parameter("calendar/public_holidays").value_at(date(year, 1, 1))
    except NotInForce:
        return frozenset()
    assert isinstance(listed, list)
    return frozenset(date.fromisoformat(str(d)) for d in listed)


def is_working_day(day: date) -> bool:
    """Tell whether `day` is neither a weekend nor a public holiday."""
    return day.weekday() < SATURDAY and day not in holidays(day.year)


def first_working_day(month: date) -> date:
    """The first working day of `month`: the day its monthly payroll is paid."""
    day = month.replace(day=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def month_of(day: date) -> date:
    """The first day of the month of `day`."""
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """`month` moved by `count` months (day 1)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)
