"""The working-day calendar (pure): weekends and the given public holidays stop the clock."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

SATURDAY = 5
ONE_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The `days`-th working day after `start` (`start` itself is not counted)."""
    day, left = start, days
    while left > 0:
        day += ONE_DAY
        left -= is_working_day(day, holidays)
    return day


def add_days_excluding_holidays(start: date, days: int, holidays: Collection[date]) -> date:
    """The `days`-th day after `start` counting weekends but not public holidays."""
    day, left = start, days
    while left > 0:
        day += ONE_DAY
        left -= day not in holidays
    return day
