"""A citizen's benefit estimates from their SI book, through the rules engine (nothing stored).

Retirement: the normal and earliest dates. Pension: at the normal pension start, the running
employment continued at its last salary; when the settlement year's revaluation table is not
published yet, the pension is estimated with today's table and today's salaries, and says so.
When the years fall short, the estimate tells how many years are still needed (never a pension
date the person cannot reach). One-time withdrawal: a claim today on the "out of insurance"
ground. Refusals carry the engine's check names, which the page says in the reader's language.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ansinh.benefits.schemas import Estimate, Estimates, Shortfall
from ansinh.contributions.book.service import SiBook
from ansinh.rules.engine import Result
from ansinh.rules.history import add_months
from ansinh.rules.service import get_benefit

SEXES = {"M": "male", "F": "female"}
MISSING_TABLE = ("revaluation_table_for_settlement_year", "old_age/revaluation_coefficients stored")


def _failed(estimate: Estimate, *checks: str) -> bool:
    return any(name in checks for name, _ in estimate.refusals)


def _shortfall(result: Result, months_now: int) -> Shortfall:
    """How many whole years are missing today, from the minimum the engine read."""
    minimum = next(
        int(s.value)
        for s in result.trace
        if s.kind == "parameter" and s.name == "old_age/pension/minimum_years"
    )
    return Shortfall(years=-(-(minimum * 12 - months_now) // 12), minimum=minimum)


def _pension(person: dict[str, Any], book: SiBook, start: date) -> Estimate:
    """The pension at `start`, at today's tables when that year's are not published yet."""
    until = start - timedelta(days=1) if book.employed else book.on
    history = [p.model_dump() for p in book.history(until=max(until, book.on))]
    case = person | {"retirement_date": start, "history": history}
    pension = _run("pension", case)
    if pension.result is not None and _failed(pension, *MISSING_TABLE):
        pension = Estimate(_run("pension", case | {"tables_on": book.on}).result, None, True)
    if pension.result is not None and _failed(pension, "minimum_contribution_years"):
        shortfall = _shortfall(pension.result, book.total_months)
        return Estimate(pension.result, None, pension.at_todays_tables, shortfall)
    return pension


def _run(benefit: str, case: dict[str, Any]) -> Estimate:
    try:
        return Estimate(get_benefit(benefit).calculate_raw(case))
    except (ValueError, LookupError) as exc:
        return Estimate(None, str(exc).splitlines()[0])


def estimate(book: SiBook) -> Estimates:
    """Retirement dates, a pension estimate and the one-time withdrawal for `book`'s owner."""
    person = {"date_of_birth": book.date_of_birth, "sex": SEXES[book.sex]}
    retirement = _run("retirement_age", person)
    if not book.periods:
        return Estimates(
            retirement, Estimate(None, "no contributions"), Estimate(None, "no contributions")
        )
    pension = Estimate(None, "no retirement date")
    if retirement.result is not None and retirement.result.eligible:
        start = date.fromisoformat(retirement.result.outputs["retirement_pension_start"])
        pension = _pension(person, book, start)
    claim = {"claim_date": book.on, "ground": "out_of_insurance"}
    history = [p.model_dump() for p in book.history(until=add_months(book.on, -1))]
    withdrawal = _run("one_time_withdrawal", person | claim | {"history": history})
    return Estimates(retirement, pension, withdrawal)
