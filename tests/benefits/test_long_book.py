"""Estimates from a whole working life: a pension figure after fifteen years and more.

The engine does not yet average voluntary incomes (their own revaluation table), so the person
chosen has only compulsory months.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.benefits.service import estimate
from ansinh.contributions.book.service import read_si_book
from ansinh.core.security.actor import SYSTEM

ON = date(2026, 11, 24)


def test_the_pension_estimate_gives_a_figure_fifteen_years_into_a_career(
    db_session: Session, carried: int
) -> None:
    si = db_session.execute(
        text(
            "SELECT b.si_number FROM contribution_book b JOIN employments e USING (si_number) "
            "WHERE b.recorded_to IS NULL AND e.end_date IS NULL GROUP BY b.si_number "
            "HAVING count(DISTINCT b.month) >= 15 * 12 AND bool_and(b.scheme = 'compulsory') "
            "ORDER BY b.si_number LIMIT 1"
        )
    ).scalar_one()
    book = read_si_book(db_session=db_session, actor=SYSTEM, si_number=si, purpose="test", on=ON)
    assert book.total_months >= 15 * 12
    pension = estimate(book).pension
    assert pension.result is not None, pension.problem
    assert pension.result.eligible, pension.refusals
    assert pension.shortfall is None
    assert int(pension.result.outputs["monthly_pension"]) > 0
