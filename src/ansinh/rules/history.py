"""Contribution history as typed periods, and the month arithmetic every branch needs."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Scheme = Literal["compulsory", "voluntary"]
PayType = Literal["employer_set", "state_scale"]


def month_start(day: date) -> date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def same_day_months_later(day: date, months: int) -> date:
    """The same day of the month `months` later (the month's last day if that one is shorter)."""
    first = add_months(day, months)
    return first.replace(day=min(day.day, calendar.monthrange(first.year, first.month)[1]))


def age_on(birth: date, day: date) -> int:
    """Completed years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def month_text(day: date) -> str:
    """A month as YYYY-MM."""
    return day.strftime("%Y-%m")


def months_between(start: date, end: date) -> int:
    """Whole months from `start`'s month to `end`'s month, counting both (0 if end < start)."""
    return max((end.year - start.year) * 12 + end.month - start.month + 1, 0)


class Period(BaseModel):
    """Months from `start` to `end` (inclusive, by month) at one monthly contribution salary."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date = Field(description="First month (any day of it)")
    end: date = Field(description="Last month, inclusive (any day of it)")
    salary: int = Field(ge=0, description="Monthly contribution salary or chosen income, VND")
    scheme: Scheme = "compulsory"
    pay_type: PayType = "employer_set"
    unemployment_insured: bool = Field(default=True, description="UI paid for these months")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("period end is before its start")
        return self


@dataclass(frozen=True)
class Month:
    """One contributed month."""

    month: date
    salary: Decimal
    scheme: Scheme
    pay_type: PayType
    unemployment_insured: bool


def expand(periods: Iterable[Period]) -> list[Month]:
    """Every contributed month, oldest first (overlapping periods count once, the later wins)."""
    months: dict[date, Month] = {}
    for period in periods:
        first = month_start(period.start)
        for offset in range(months_between(first, period.end)):
            month = add_months(first, offset)
            months[month] = Month(
                month,
                Decimal(period.salary),
                period.scheme,
                period.pay_type,
                period.unemployment_insured,
            )
    return [months[m] for m in sorted(months)]


def window(months: Sequence[Month], *, before: date, count: int) -> list[Month]:
    """The months in the `count` calendar months ending the month before `before`."""
    first = add_months(before, -count)
    last = add_months(before, -1)
    return [m for m in months if first <= m.month <= last]


def count(months: Iterable[Month], scheme: Scheme | None = None) -> int:
    """How many months, optionally of one scheme."""
    return sum(1 for m in months if scheme is None or m.scheme == scheme)


def average_salary(months: Sequence[Month]) -> Decimal:
    """The plain average monthly salary of `months` (0 for none)."""
    if not months:
        return Decimal(0)
    return sum((m.salary for m in months), Decimal(0)) / len(months)
