"""The SI book: floors and ceilings as in force each month, absences, and bitemporal corrections."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ansinh.contributions.book.record import now
from ansinh.contributions.jobs import close_months
from tests.contributions.conftest import API, book_rows, declare, employ, register


def _bases(db_session: Session, si: str) -> dict[date, int]:
    return {m: base for m, _, base, current in book_rows(db_session, si) if current}


def test_the_ceiling_follows_the_reference_level_at_each_change(
    db_session: Session, employer: str
) -> None:
    si = register(db_session, "Phạm Văn Long", date(1980, 1, 1), "M")
    employ(db_session, si, employer, date(2025, 1, 2), 60_000_000)
    close_months(db_session=db_session, first=date(2025, 6, 1), through=date(2026, 7, 1))
    bases = _bases(db_session, si)
    assert bases[date(2025, 6, 1)] == bases[date(2025, 7, 1)] == 46_800_000  # 20 × 2,340,000
    assert bases[date(2026, 6, 1)] == 46_800_000
    assert bases[date(2026, 7, 1)] == 50_600_000  # 20 × 2,530,000


def test_the_floor_is_the_regional_minimum_until_june_2025_then_the_reference_level(
    db_session: Session,
) -> None:
    from ansinh.registry import service
    from ansinh.registry.schemas import EmployerCreate

    service.create_employer(
        db_session=db_session,
        employer_in=EmployerCreate(
            unit_code="NT0004D",
            tax_code="0319999998",
            name="Hợp tác xã Nông thôn",
            province_code="79",
            wage_region="IV",
        ),
    )
    si = register(db_session, "Đỗ Thị Nga", date(1985, 3, 3))
    employ(db_session, si, "NT0004D", date(2025, 1, 2), 3_000_000)  # below the minimum wage
    close_months(db_session=db_session, first=date(2025, 6, 1), through=date(2025, 7, 1))
    assert _bases(db_session, si) == {
        date(2025, 6, 1): 3_450_000,  # region IV minimum wage (floor before Law 41/2024)
        date(2025, 7, 1): 3_000_000,  # above the reference level 2,340,000
    }


def test_a_hire_late_in_the_month_pays_from_the_next_month(
    db_session: Session, employer: str
) -> None:
    early = register(db_session, "Vũ Văn Bình", date(1992, 2, 2), "M")
    late = register(db_session, "Vũ Thị Cúc", date(1993, 3, 3))
    employ(db_session, early, employer, date(2026, 9, 16), 9_000_000)  # 11 working days missed
    employ(db_session, late, employer, date(2026, 9, 21), 9_000_000)  # 14 working days missed
    close_months(db_session=db_session, first=date(2026, 9, 1), through=date(2026, 10, 1))
    assert list(_bases(db_session, early)) == [date(2026, 9, 1), date(2026, 10, 1)]
    assert list(_bases(db_session, late)) == [date(2026, 10, 1)]


def test_closing_a_month_twice_records_nothing_new(db_session: Session, worker: str) -> None:
    first = close_months(db_session=db_session, first=date(2026, 1, 1), through=date(2026, 3, 1))
    again = close_months(db_session=db_session, first=date(2026, 1, 1), through=date(2026, 3, 1))
    assert (first.inserted, again.inserted, again.closed) == (3, 0, 0)


def test_a_correction_shows_in_the_new_book_and_not_in_the_book_as_recorded_before(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str, worker: str
) -> None:
    close_months(db_session=db_session, first=date(2026, 1, 1), through=date(2026, 10, 1))
    before = now(db_session)
    correction = {
        "kind": "correction",
        "unit_code": employer,
        "si_number": worker,
        "effective_date": "2026-03-01",
        "until_date": "2026-04-30",
        "salary": 14_000_000,
    }
    assert declare(client, headers, "2026-11", correction).status_code == 201

    def salaries(recorded_at: str | None) -> list[tuple[str, str, int]]:
        params = {"recorded_at": recorded_at} if recorded_at else {}
        book = client.get(f"{API}/persons/{worker}/book", params=params, headers=headers)
        assert book.status_code == 200, book.json()
        return [(p["from_month"], p["to_month"], p["salary"]) for p in book.json()["periods"]]

    assert salaries(None) == [
        ("2026-01-01", "2026-02-01", 10_000_000),
        ("2026-03-01", "2026-04-01", 14_000_000),
        ("2026-05-01", "2026-11-01", 10_000_000),  # the declared month is recorded too
    ]
    assert salaries(before.isoformat()) == [("2026-01-01", "2026-10-01", 10_000_000)]
    old_rows = [r for r in book_rows(db_session, worker) if not r[3]]
    assert [(m, s) for m, s, _, _ in old_rows] == [
        (date(2026, 3, 1), 10_000_000),
        (date(2026, 4, 1), 10_000_000),
    ]


def test_book_rows_are_never_rewritten(db_session: Session, worker: str) -> None:
    close_months(db_session=db_session, first=date(2026, 1, 1), through=date(2026, 1, 1))
    with pytest.raises(DBAPIError, match="only ever closed"):
        db_session.execute(text("UPDATE contribution_book SET salary = 1"))


def test_reading_a_book_is_audited(
    client: TestClient, headers: dict[str, str], db_session: Session, worker: str
) -> None:
    client.get(f"{API}/persons/{worker}/book/totals", headers=headers)
    events = db_session.execute(
        text("SELECT action, resource FROM audit_events WHERE subject = :si"), {"si": worker}
    ).all()
    assert ("read", "contributions.book") in events
