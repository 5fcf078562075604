"""The working-day calendar: weekends and the dated public holidays stop statutory clocks.

The holidays of each year are the parameter `calendar/public_holidays` and the Saturdays worked
in exchange for a day off are `calendar/swapped_working_days` (one dated value per year each); a
clock that runs into a year with no value raises `NotInForce` rather than guess.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from ansinh.rules.store import parameter

SATURDAY = 5
ONE_DAY = timedelta(days=1)


def _dates_of(name: str, year: int) -> frozenset[date]:
    listed = parameter(name).value_at(date(year, 1, 1))
    if not isinstance(listed, list):
        raise TypeError(f"{name} is not a list of dates")
    return frozenset(date.fromisoformat(str(day)) for day in listed)


@cache
def _holidays_of(year: int) -> frozenset[date]:
    return _dates_of("calendar/public_holidays", year)


@cache
def _swapped_saturdays_of(year: int) -> frozenset[date]:
    return _dates_of("calendar/swapped_working_days", year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday, or a Saturday worked in exchange for one."""
    holidays = _holidays_of(day.year)
    if day.weekday() < SATURDAY:
        return day not in holidays
    return day in _swapped_saturdays_of(day.year)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (`start` itself is not counted)."""
    day, left = start, days
    while left > 0:
        day += ONE_DAY
        left -= is_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after `start`, up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += ONE_DAY
        days += is_working_day(day)
    return days


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
