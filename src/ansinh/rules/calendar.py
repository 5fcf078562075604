"""The working-day calendar: weekends and the dated public holidays stop statutory clocks.

The holidays of each year are the parameter `calendar/public_holidays` (one dated value per
year); a clock that runs into a year with no value raises `NotInForce` rather than guess.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from ansinh.rules.store import parameter

SATURDAY = 5
ONE_DAY = timedelta(days=1)


@cache
def _holidays_of(year: int) -> frozenset[date]:
    listed = parameter("calendar/public_holidays").value_at(date(year, 1, 1))
    if not isinstance(listed, list):
        raise TypeError("calendar/public_holidays is not a list of dates")
    return frozenset(date.fromisoformat(str(day)) for day in listed)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < SATURDAY and day not in _holidays_of(day.year)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (`start` itself is not counted)."""
    day, left = start, days
    while left > 0:
        day += ONE_DAY
        left -= is_working_day(day)
    return day


def add_days_excluding_holidays(start: date, days: int) -> date:
    """The `days`-th day after `start` counting weekends but not public holidays."""
    day, left = start, days
    while left > 0:
        day += ONE_DAY
        left -= day not in _holidays_of(day.year)
    return day


def first_working_day(month: date) -> date:
    """The first working day of `month`'s month: the day its monthly payroll is paid."""
    day = month.replace(day=1)
    while not is_working_day(day):
        day += ONE_DAY
    return day
