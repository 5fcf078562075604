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


def factor_sql(month: date, granted: str = "s.granted_on") -> str:
    """A SQL numeric expression of `factor` for the column `granted` (decree dates inlined)."""
    cases = []
    product = Decimal(1)
    for since, rate in reversed(rises_until(month)):
        cases.append(f"WHEN {granted} >= DATE '{since.isoformat()}' THEN {product}")
        product *= 1 + rate
    if not cases:
        return "1"
    return f"(CASE {' '.join(cases)} ELSE {product} END)::numeric"
