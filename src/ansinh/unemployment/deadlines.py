"""When each benefit month must be paid, and what a month covered in part is worth.

Both come from dated parameters: `unemployment/payment_triggers` (the day each month's clock
starts) and `unemployment/payment_working_days` (how long it runs), on the single working-day
calendar; `unemployment/partial_month_proration` says whether a month covered in part is paid
whole or by calendar days.
"""

from __future__ import annotations

import calendar as months_of_year
from dataclasses import dataclass
from datetime import date, timedelta

from ansinh.rules.calendar import add_working_days
from ansinh.rules.history import add_months, month_start
from ansinh.rules.store import parameter

TRIGGERS = "unemployment/payment_triggers"
LIMIT = "unemployment/payment_working_days"
PRORATION = "unemployment/partial_month_proration"
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Due:
    """A benefit month's trigger and the last day its payment may be made."""

    trigger_on: date
    due_on: date


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(f"not a number of days: {value!r}")
    return value


def _rule(on: date, key: str) -> int:
    rules = parameter(TRIGGERS).value_at(on)
    if not isinstance(rules, dict):
        raise TypeError(f"{TRIGGERS} is not a table of triggers")
    return _int(rules[key])


def trigger(*, month: date, first_month: date, decided_on: date) -> date:
    """The day `month`'s payment clock starts: month 1 at the decision-collection deadline,
    later months at the monthly-notice deadline (never before month 1's)."""
    collected = add_working_days(decided_on, _rule(decided_on, "collection_working_days"))
    start = month_start(month)
    if start <= month_start(first_month):
        return collected
    # The 1st is day one when it is a working day: count from the day before it.
    notice = add_working_days(start - ONE_DAY, _rule(start, "notice_working_days"))
    return max(notice, collected)


def due(*, month: date, first_month: date, decided_on: date, known_on: date | None = None) -> Due:
    """The month's trigger and due day; a month that became payable only on `known_on` (arrears
    after a resumption or a release) is triggered no earlier than that day."""
    start = trigger(month=month, first_month=first_month, decided_on=decided_on)
    if known_on is not None:
        start = max(start, known_on)
    return Due(start, add_working_days(start, _int(parameter(LIMIT).value_at(start))))


def kept_share(*, month: date, ends_on: date) -> tuple[int, int]:
    """The part of `month` an entitlement ending the day before `ends_on` keeps, as (days,
    days in month): the whole month unless the dated proration rule counts calendar days."""
    start = month_start(month)
    days = months_of_year.monthrange(start.year, start.month)[1]
    if parameter(PRORATION).value_at(ends_on) != "calendar_days":
        return days, days
    if ends_on <= start:
        return 0, days
    if ends_on >= add_months(start, 1):
        return days, days
    return (ends_on - start).days, days


def not_owed(*, amount: int, month: date, ends_on: date) -> int:
    """How much of a month paid at `amount` was not owed when entitlement ended on `ends_on`."""
    if month_start(month) < month_start(ends_on):
        return 0
    if month_start(month) >= ends_on:  # the whole month is on or after the end
        return amount
    kept, days = kept_share(month=month, ends_on=ends_on)
    return amount - amount * kept // days
