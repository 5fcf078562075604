"""Statutory clocks from dated law: a claim's procedure code, its due date, and late filings."""

from __future__ import annotations

from datetime import date, timedelta

from ansinh.benefits.claims.calendar import add_days_excluding_holidays, add_working_days
from ansinh.rules.reads import law
from ansinh.rules.store import NotInForce


def holidays(first: date, last: date) -> frozenset[date]:
    """The public holidays of every year from `first`'s to `last`'s (claims/public_holidays)."""
    found: set[date] = set()
    for year in range(first.year, last.year + 1):
        value = law("claims/public_holidays", date(year, 1, 1))
        if not isinstance(value, list):
            raise TypeError("claims/public_holidays is not a list")
        found.update(date.fromisoformat(str(day)) for day in value)
    return frozenset(found)


def _entry(name: str, procedure: str, on: date) -> str | int | float | bool:
    value = law(name, on)
    if not isinstance(value, dict) or procedure not in value:
        raise NotInForce(f"{name}: no value for the procedure {procedure!r} on {on}")
    return value[procedure]


def procedure_code(procedure: str, on: date) -> str:
    """The code a procedure is filed under on `on`."""
    return str(_entry("claims/procedure_codes", procedure, on))


def _days(name: str, on: date) -> int:
    return int(str(law(name, on)))


def due_on(procedure: str, received: date, *, citizen_filed: bool, short_term: bool) -> date:
    """The last day to decide a claim complete on `received`."""
    limit = int(str(_entry("claims/decision_limits", procedure, received)))
    if citizen_filed and short_term:
        limit = min(limit, _days("claims/citizen_filed_limit_days", received))
    spread = holidays(received, received + timedelta(days=limit * 3))
    if _entry("claims/limit_counting", procedure, received) == "days_excluding_holidays":
        return add_days_excluding_holidays(received, limit, spread)
    return add_working_days(received, limit, spread)


def filing_deadline(leave_end: date, employer_received: date | None) -> date:
    """The last day an employer may file: 7 working days after the worker's complete file,
    which the worker hands in at the latest 45 days after the leave ends."""
    handed_in = employer_received or leave_end + timedelta(
        days=_days("claims/worker_to_employer_days", leave_end)
    )
    limit = _days("claims/employer_filing_working_days", handed_in)
    return add_working_days(handed_in, limit, holidays(handed_in, handed_in + timedelta(days=60)))
