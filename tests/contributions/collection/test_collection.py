"""Payments cover the oldest month first; partly paid months count fund by fund; late ones cost."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.contributions.jobs import close_months
from tests.contributions.conftest import API

MONTHLY = 3_200_000  # 32% of 10,000,000


def _pay(client: TestClient, headers: dict[str, str], unit: str, amount: int, day: str, ref: str):  # type: ignore[no-untyped-def]
    body = {"amount": amount, "paid_on": day, "reference": ref}
    return client.post(f"{API}/employers/{unit}/payments", json=body, headers=headers)


def _three_months(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str
) -> None:
    close_months(db_session=db_session, first=date(2026, 1, 1), through=date(2026, 3, 1))
    assert _pay(client, headers, employer, MONTHLY, "2026-02-10", "UNC-001").status_code == 201
    assert _pay(client, headers, employer, MONTHLY, "2026-04-10", "UNC-002").status_code == 201
    assert _pay(client, headers, employer, 500_000, "2026-04-30", "UNC-003").status_code == 201


def test_the_statement_bills_every_fund_and_party(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str, worker: str
) -> None:
    close_months(db_session=db_session, first=date(2026, 1, 1), through=date(2026, 1, 1))
    statement = client.get(f"{API}/employers/{employer}/statements/2026-01", headers=headers)
    assert statement.status_code == 200, statement.json()
    body = statement.json()
    assert (body["persons"], body["base_total"], body["total"]) == (1, 10_000_000, MONTHLY)
    assert (body["employer_total"], body["employee_total"]) == (2_150_000, 1_050_000)
    assert {f["fund"]: (f["employer"], f["employee"]) for f in body["funds"]} == {
        "pension_survivors": (1_400_000, 800_000),
        "sickness_maternity": (300_000, 0),
        "work_injury": (50_000, 0),
        "unemployment": (100_000, 100_000),
        "health": (300_000, 150_000),
    }
    assert body["account"]["deadline"] == "2026-02-28"  # the month after (Law 41/2024)


def test_payments_cover_the_oldest_month_first_and_bear_interest_when_late(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str, worker: str
) -> None:
    _three_months(client, headers, db_session, employer)
    account = client.get(f"{API}/employers/{employer}/account", headers=headers).json()
    months = {m["month"]: m for m in account["months"]}
    assert [(m["paid"], m["outstanding"]) for m in months.values()] == [
        (MONTHLY, 0),
        (MONTHLY, 0),
        (500_000, MONTHLY - 500_000),
    ]
    assert months["2026-01-01"]["interest"] == 0
    assert months["2026-02-01"]["interest"] == 9_600  # 3,200,000 × 0.03 % × 10 days
    assert months["2026-03-01"]["interest"] > 0  # still owed
    assert months["2026-03-01"]["counted_funds"] == ["health"]  # 450,000 of 500,000 first
    assert account["outstanding"] == MONTHLY - 500_000 and account["credit"] == 0


def test_a_partly_paid_month_counts_only_for_the_funds_it_covers(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str, worker: str
) -> None:
    _three_months(client, headers, db_session, employer)
    book = client.get(f"{API}/persons/{worker}/book", headers=headers).json()
    totals = {t["fund"]: (t["months"], t["owed_months"]) for t in book["totals"]}
    assert totals["health"] == (3, 0)
    assert totals["pension_survivors"] == (2, 1)
    last = book["periods"][-1]
    assert last["from_month"] == "2026-03-01"
    assert {f["fund"]: f["paid"] for f in last["funds"]}["pension_survivors"] is False


def test_a_payment_is_recorded_once_per_reference(
    client: TestClient, headers: dict[str, str], employer: str
) -> None:
    first = _pay(client, headers, employer, 1_000_000, "2026-05-05", "UNC-777")
    again = _pay(client, headers, employer, 1_000_000, "2026-05-05", "UNC-777")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["payment_id"] == again.json()["payment_id"]
    clash = _pay(client, headers, employer, 2_000_000, "2026-05-05", "UNC-777")
    assert clash.status_code == 409
    listed = client.get(f"{API}/employers/{employer}/payments", headers=headers).json()
    assert listed["total"] == 1


def test_employers_in_arrears_are_listed_with_their_oldest_month(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str, worker: str
) -> None:
    _three_months(client, headers, db_session, employer)
    found = client.get(f"{API}/arrears", params={"on": "2026-06-01"}, headers=headers).json()
    assert found["items"] == [
        {
            "unit_code": employer,
            "name": "Công ty TNHH Sao Mai",
            "months": 1,
            "oldest_month": "2026-03-01",
            "outstanding": MONTHLY - 500_000,
        }
    ]
    before_deadline = client.get(f"{API}/arrears", params={"on": "2026-04-30"}, headers=headers)
    assert before_deadline.json()["total"] == 0


def test_an_unknown_employer_is_a_404(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get(f"{API}/employers/NOSUCH1/account", headers=headers)
    assert response.status_code == 404
