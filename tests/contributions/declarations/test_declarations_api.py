"""JSON declarations: line checks in one answer, all-or-nothing or partial, idempotent retries."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ansinh.registry.models import Employment, Person, Salary
from tests.contributions.conftest import API, book_rows, declare

HIRE = {
    "kind": "increase",
    "unit_code": "SM0001A",
    "personal_id": "079195001234",
    "full_name": "Lê Thị Mai",
    "date_of_birth": "1995-02-03",
    "sex": "F",
    "effective_date": "2026-11-02",
    "salary": 8_000_000,
    "contract_type": "indefinite",
}


def _count(db_session: Session, model: type) -> int:
    return int(db_session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_hire_registers_the_person_and_enters_the_book(
    client: TestClient, headers: dict[str, str], employer: str, db_session: Session
) -> None:
    response = declare(client, headers, "2026-11", HIRE)
    assert response.status_code == 201, response.json()
    result = response.json()
    assert (result["lines_accepted"], result["persons_registered"], result["duplicate"]) == (
        1,
        1,
        False,
    )
    person = db_session.scalar(select(Person).where(Person.personal_id == "079195001234"))
    assert person is not None and person.si_number.startswith("79")
    assert book_rows(db_session, person.si_number) == [
        (date(2026, 11, 1), 8_000_000, 8_000_000, True)
    ]


def test_the_same_declaration_twice_changes_nothing(
    client: TestClient, headers: dict[str, str], employer: str, db_session: Session
) -> None:
    first = declare(client, headers, "2026-11", HIRE).json()
    counts = [_count(db_session, m) for m in (Person, Employment, Salary)]
    again = declare(client, headers, "2026-11", HIRE)
    assert again.status_code == 200
    assert again.json()["declaration_id"] == first["declaration_id"]
    assert again.json()["duplicate"] is True
    assert [_count(db_session, m) for m in (Person, Employment, Salary)] == counts


def test_bad_lines_are_all_reported_and_nothing_is_applied(
    client: TestClient, headers: dict[str, str], employer: str, worker: str, db_session: Session
) -> None:
    lines = [
        HIRE,
        HIRE | {"personal_id": "079195001235", "salary": 3_000_000},
        {
            "kind": "salary_change",
            "unit_code": "SM0001A",
            "si_number": worker,
            "effective_date": "2026-12-01",
            "salary": 12_000_000,
        },
        {
            "kind": "decrease",
            "unit_code": "NOPE001",
            "si_number": worker,
            "effective_date": "2026-11-10",
        },
        {
            "kind": "increase",
            "unit_code": "SM0001A",
            "si_number": worker,
            "effective_date": "2026-11-03",
            "salary": 9_000_000,
            "contract_type": "definite",
        },
        {"kind": "salary_change", "unit_code": "SM0001A", "si_number": "12345"},
    ]
    before = _count(db_session, Person)
    response = declare(client, headers, "2026-11", *lines)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["errors_total"] == 5
    reasons = {e["line"]: (e["field"], e["reason"]) for e in problem["errors"]}
    assert reasons[2] == (
        "salary",
        "below the region I minimum wage of 5,310,000 in force on 2026-11-02",
    )
    assert reasons[3] == ("effective_date", "after the declared month")
    assert reasons[4][0] == "unit_code"
    assert reasons[5][1].startswith("overlaps an employment with this employer")
    assert reasons[6][0] == "si_number" and "12345" not in reasons[6][1]
    assert _count(db_session, Person) == before


def test_partial_acceptance_applies_the_valid_lines_only(
    client: TestClient, headers: dict[str, str], employer: str, worker: str, db_session: Session
) -> None:
    bad = {
        "kind": "decrease",
        "unit_code": "SM0001A",
        "si_number": worker,
        "effective_date": "2023-12-31",
    }
    response = declare(client, headers, "2026-11", HIRE, bad, allow_partial=True)
    assert response.status_code == 201
    result = response.json()
    assert (result["lines_accepted"], result["lines_rejected"]) == (1, 1)
    assert result["errors"] == [
        {
            "line": 2,
            "field": "effective_date",
            "reason": "no employment with this employer covers this date",
        }
    ]
    lines = client.get(f"{API}/declarations/{result['declaration_id']}/lines", headers=headers)
    assert [
        (i["line"], i["created_person"], i["error"] is None) for i in lines.json()["items"]
    ] == [
        (1, True, True),
        (2, False, False),
    ]


def test_a_leaver_a_rehire_and_unpaid_leave_in_one_file(
    client: TestClient, headers: dict[str, str], employer: str, worker: str, db_session: Session
) -> None:
    lines = [
        {
            "kind": "decrease",
            "unit_code": employer,
            "si_number": worker,
            "effective_date": "2026-09-04",
        },
        {
            "kind": "increase",
            "unit_code": employer,
            "si_number": worker,
            "effective_date": "2026-10-01",
            "salary": 11_000_000,
            "contract_type": "definite",
        },
        {
            "kind": "unpaid_leave",
            "unit_code": employer,
            "si_number": worker,
            "effective_date": "2026-11-01",
        },
    ]
    response = declare(client, headers, "2026-11", *lines)
    assert response.status_code == 201, response.json()
    current = [(m, s) for m, s, _, now in book_rows(db_session, worker) if now]
    assert current == [(date(2026, 10, 1), 11_000_000)], "September: 18 working days after the end"
    ends = db_session.execute(
        text("SELECT start_date, end_date FROM employments WHERE si_number = :si ORDER BY 1"),
        {"si": worker},
    ).all()
    assert ends == [(date(2024, 1, 2), date(2026, 9, 4)), (date(2026, 10, 1), None)]


def test_a_future_month_is_refused(
    client: TestClient, headers: dict[str, str], employer: str
) -> None:
    response = declare(client, headers, "2099-01", HIRE)
    assert response.status_code == 422
    assert "month" in response.json()["detail"]
