"""Indexation by decree: the factor a monthly amount is raised by, as dated parameters say."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ansinh.rules.store import parameter

RATE = "payments/indexation_rate"


def rises_until(month: date) -> list[tuple[date, Decimal]]:
    """The decrees' rises in force on or before `month`, as (date, rate), in date order."""
    return [
        (p.start, Decimal(str(p.value)))
        for p in parameter(RATE).enacted()
        if p.start <= month and p.value is not None
    ]


def factor(*, granted_on: date, month: date) -> Decimal:
    """What an amount granted on `granted_on` is multiplied by when `month` is paid."""
    result = Decimal(1)
    for since, rate in rises_until(month):
        if granted_on < since:
            result *= 1 + rate
    return result


def factor_sql(month: str, granted: str, until: date) -> str:
    """A SQL numeric expression of `factor` for the columns `month` and `granted`.

    Every rise in force by `until` is inlined as a dated case, so one statement indexes a whole
    payroll, arrears months included, exactly as `factor` does for one amount.
    """
    terms = [
        f"(CASE WHEN {granted} < DATE '{d.isoformat()}' AND {month} >= DATE '{d.isoformat()}' "
        f"THEN {1 + rate} ELSE 1 END)"
        for d, rate in rises_until(until)
    ]
    return " * ".join(terms) if terms else "1"
