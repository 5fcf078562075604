"""Carry a whole working life into the SI book: months before the platform's first month.

The platform records the book from its first closed month on; what came before (the registry's
careers, and the months of its employments before that month) is written once as book rows
flagged `carried_over`, counted as paid (they were settled under the old system) and never
billed again. Whole calendar months of an employment count. Months before the first one the
rules store can bill are billed at that month's rates and floors (the book of that time kept the
salary; the shares are an estimate). Running it again adds nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.contributions.charges import AMOUNTS, REGIONS, billed_columns, load_terms, terms
from ansinh.core.temp import bulk_memory, temp_table
from ansinh.rules.history import add_months, months_between
from ansinh.rules.store import ParameterError, parameter

VOLUNTARY_RATE = "contributions/voluntary/rate"
_FIRST_PLATFORM_MONTH = (
    "SELECT min(month) FROM contribution_book WHERE NOT carried_over AND recorded_to IS NULL"
)
_CAREER_MONTHS = """
SELECT c.si_number, c.scheme, c.unit_code, m::date AS month, c.salary,
       coalesce(e.wage_region, 'IV') AS region
FROM careers c LEFT JOIN employers e USING (unit_code)
CROSS JOIN LATERAL generate_series(c.first_month, least(c.last_month, {last}), interval '1 month') m
WHERE c.first_month <= {last}
"""
# Whole months of each employment before the platform, at the salary in force at the month's end
# (or the first salary, when the registry's salary history starts later).
_EMPLOYMENT_MONTHS = """
SELECT e.si_number, 'compulsory' AS scheme, e.unit_code, m::date AS month, pay.amount AS salary,
       er.wage_region AS region
FROM employments e JOIN employers er USING (unit_code)
CROSS JOIN LATERAL generate_series(
  date_trunc('month', e.start_date - 1) + interval '1 month',
  least(coalesce(date_trunc('month', e.end_date + 1) - interval '1 month', {last}), {last}),
  interval '1 month') m
CROSS JOIN LATERAL (
  SELECT s.amount FROM salaries s WHERE s.employment_id = e.employment_id
  ORDER BY s.effective_from > m + interval '1 month' - interval '1 day',
           CASE WHEN s.effective_from <= m + interval '1 month' - interval '1 day'
                THEN s.effective_from END DESC NULLS LAST, s.effective_from
  LIMIT 1) pay
WHERE e.start_date < {first}
"""


def carry_over(*, db_session: Session, before: date | None = None) -> int:
    """Write the book months before `before` (default: the platform's first month); return rows.

    Idempotent: months the book already holds (carried over or not) are left as they are.
    """
    first = before or db_session.execute(text(_FIRST_PLATFORM_MONTH)).scalar_one()
    if first is None:
        return 0
    bulk_memory(db_session)
    last = add_months(first, -1)
    temp_table(
        db_session,
        "carry_rows",
        "AS "
        + " UNION ALL ".join(
            q.format(last=f"DATE '{last.isoformat()}'", first=f"DATE '{first.isoformat()}'")
            for q in (_CAREER_MONTHS, _EMPLOYMENT_MONTHS)
        ),
        analyze=True,
    )
    oldest = db_session.execute(text("SELECT min(month) FROM carry_rows")).scalar_one()
    if oldest is None:
        return 0
    known = _first_billable(oldest, last)
    months = [add_months(known, n) for n in range(months_between(known, last))] or [known]
    load_terms(db_session, months=months, table="carry_terms")
    temp_table(db_session, "carry_rates", "(month date PRIMARY KEY, rate numeric)")
    rate = parameter(VOLUNTARY_RATE)
    db_session.execute(
        text("INSERT INTO carry_rates VALUES (:month, :rate)"),
        [{"month": m, "rate": rate.value_at(m)} for m in months],
    )
    inserted = db_session.execute(
        text(
            f"INSERT INTO contribution_book ({', '.join(_COLUMNS)}, carried_over, recorded_from) "
            f"SELECT {_VOLUNTARY_OR_BILLED}, true, clock_timestamp() FROM ("
            f"SELECT r.*, v.rate, {billed_columns('r', 'c')} FROM carry_rows r "
            "JOIN carry_terms c ON c.month = greatest(r.month, :known) AND c.region = r.region "
            "JOIN carry_rates v ON v.month = c.month) b "
            "ORDER BY b.si_number, b.scheme, b.unit_code, b.month "
            "ON CONFLICT (si_number, scheme, unit_code, month) WHERE recorded_to IS NULL "
            "DO NOTHING"
        ),
        {"known": known},
    )
    db_session.execute(text("ANALYZE contribution_book"))  # the history outnumbers the rest
    return int(inserted.rowcount)  # type: ignore[attr-defined]


_COLUMNS = ("si_number", "scheme", "unit_code", "month", "salary", "base", *AMOUNTS)
_VOLUNTARY_SHARE = {"base": "b.salary", "pension_survivors_employee": "round(b.salary * b.rate)"}
# Voluntary months: the chosen income is the base and all of it goes to the pension fund.
_VOLUNTARY_OR_BILLED = ", ".join(
    f"b.{c}"
    if c not in ("base", *AMOUNTS)
    else f"CASE WHEN b.scheme = 'voluntary' THEN {_VOLUNTARY_SHARE.get(c, '0')} ELSE b.{c} END"
    for c in _COLUMNS
)


def _first_billable(oldest: date, last: date) -> date:
    """The first month from `oldest` to `last` the contributions formula can bill (or `last`)."""
    low, high = oldest, last
    if _billable(low):
        return low
    while months_between(low, high) > 2:
        middle = add_months(low, months_between(low, high) // 2)
        low, high = (low, middle) if _billable(middle) else (middle, high)
    return high


def _billable(month: date) -> bool:
    try:
        for region in REGIONS:
            terms(month, region)
    except ParameterError:
        return False
    return True
