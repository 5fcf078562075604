"""The SQL billing applies exactly what the rules formula computes, at every legal change."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.contributions.charges import AMOUNTS, REGIONS, billed_columns, charge, load_terms, terms

MONTHS = [date(2021, 12, 1), date(2025, 6, 1), date(2025, 7, 1), date(2026, 1, 1), date(2026, 7, 1)]


@pytest.mark.parametrize("month", MONTHS, ids=lambda m: f"{m:%Y-%m}")
def test_the_terms_reproduce_the_formula(month: date) -> None:
    draw = random.Random(month.toordinal())
    for region in REGIONS:
        found = terms(month, region)
        for salary in [draw.randrange(1, 120_000_000) for _ in range(40)]:
            assert found.shares(salary) == charge(month, region, salary), (region, salary)


def test_sql_bills_like_the_terms(db_session: Session) -> None:
    load_terms(db_session, months=MONTHS, table="test_terms")
    salaries = [1, 3_000_000, 4_960_001, 46_800_000, 50_600_001, 99_999_999]
    rows = db_session.execute(
        text(
            f"SELECT c.month, c.region, t.salary, {billed_columns('t', 'c')} FROM test_terms c "
            "CROSS JOIN unnest(CAST(:salaries AS bigint[])) AS t(salary) ORDER BY 1, 2, 3"
        ),
        {"salaries": salaries},
    ).all()
    assert len(rows) == len(MONTHS) * len(REGIONS) * len(salaries)
    for month, region, salary, *billed in rows:
        assert tuple(billed) == terms(month, region).shares(salary), (month, region, salary)
    assert len(billed) == 1 + len(AMOUNTS)
