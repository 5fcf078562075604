"""Whole careers carried into the SI book before the platform's first month."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ansinh.contributions.book.carry import carry_over
from ansinh.contributions.book.reads import book_months, totals
from ansinh.contributions.models import BookEntry
from ansinh.core import clock

FIRST = date(2024, 11, 1)


def test_carry_over_writes_flagged_months_before_the_first_platform_month(
    db_session: Session, carried: int
) -> None:
    assert carried > 10_000
    latest = db_session.scalar(select(func.max(BookEntry.month)).where(BookEntry.carried_over))
    assert latest is not None and latest < FIRST
    assert db_session.scalar(select(func.min(BookEntry.month))) == date(1995, 1, 1)


def test_carry_over_is_idempotent(db_session: Session, carried: int) -> None:
    count = db_session.scalar(select(func.count()).select_from(BookEntry))
    assert carry_over(db_session=db_session) == 0
    assert db_session.scalar(select(func.count()).select_from(BookEntry)) == count


def test_a_person_born_in_1970_has_a_book_from_their_career_start(
    db_session: Session, carried: int
) -> None:
    si, start = db_session.execute(
        text(
            "SELECT c.si_number, min(c.first_month) FROM careers c "
            "JOIN persons p USING (si_number) "
            "WHERE extract(year FROM p.date_of_birth) = 1970 GROUP BY c.si_number LIMIT 1"
        )
    ).one()
    months = book_months(db_session=db_session, si_number=si, at=clock.now())
    assert months[0].month == start
    pension = next(t for t in totals(months) if t.fund == "pension_survivors")
    assert pension.months >= sum(1 for m in months if m.month < FIRST) > 0
