"""Voluntary SI and household HI: enrolment, amounts from the parameters, months in the book."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.contributions.enrolment import service as voluntary
from ansinh.core.errors import Conflict, Unprocessable
from ansinh.core.security.actor import SYSTEM
from tests.contributions.conftest import API, SETUP, register

NOV_2026 = date(2026, 11, 24)


def test_a_poor_household_member_pays_22_percent_less_half_of_it_on_the_poverty_line(
    db_session: Session,
) -> None:
    si = register(db_session, "Hà Văn Tư", date(1975, 4, 4), "M")
    enrolment = voluntary.enrol(
        db_session=db_session,
        si_number=si,
        scheme="voluntary",
        cycle_months=3,
        on=NOV_2026,
        actor=SYSTEM,
        purpose=SETUP,
        income=5_000_000,
        support_group="poor",
    )
    quote = voluntary.quote(db_session=db_session, enrolment=enrolment, on=NOV_2026)
    assert quote.monthly_contribution == 1_100_000  # 22% × 5,000,000
    assert quote.monthly_support == 165_000  # 50% × 22% × 1,500,000
    assert (quote.first_month, quote.amount) == (date(2026, 11, 1), 2_805_000)
    payment, created = voluntary.pay(
        db_session=db_session,
        enrolment_id=enrolment.enrolment_id,
        amount=2_805_000,
        paid_on=NOV_2026,
        reference="VNPOST-1",
        actor=SYSTEM,
        purpose=SETUP,
    )
    assert created and payment.state_support == 495_000
    after = voluntary.quote(db_session=db_session, enrolment=enrolment, on=NOV_2026)
    assert after.first_month == date(2027, 2, 1)


def test_income_and_cycle_must_be_allowed(db_session: Session) -> None:
    si = register(db_session, "Hà Văn Năm", date(1975, 5, 5), "M")
    with pytest.raises(Unprocessable, match="1,500,000 to 50,600,000"):
        voluntary.enrol(
            db_session=db_session,
            si_number=si,
            scheme="voluntary",
            cycle_months=1,
            on=NOV_2026,
            actor=SYSTEM,
            purpose=SETUP,
            income=1_000_000,
            support_group="other",
        )
    with pytest.raises(Unprocessable, match="cycle_months"):
        voluntary.enrol(
            db_session=db_session,
            si_number=si,
            scheme="voluntary",
            cycle_months=2,
            on=NOV_2026,
            actor=SYSTEM,
            purpose=SETUP,
            income=3_000_000,
            support_group="other",
        )


def test_household_members_pay_less_from_the_second_one(db_session: Session) -> None:
    first, second = (register(db_session, n, date(1980, 1, 1)) for n in ("Lò Thị A", "Lò Thị B"))
    quotes = []
    for si in (first, second):
        enrolment = voluntary.enrol(
            db_session=db_session,
            si_number=si,
            scheme="household",
            cycle_months=12,
            on=NOV_2026,
            actor=SYSTEM,
            purpose=SETUP,
            household_code="HGD790001",
        )
        quotes.append(voluntary.quote(db_session=db_session, enrolment=enrolment, on=NOV_2026))
    assert [q.monthly_contribution for q in quotes] == [113_850, 79_695]  # 1,366,200 / 12; 70 %
    with pytest.raises(Conflict):
        voluntary.enrol(
            db_session=db_session,
            si_number=first,
            scheme="household",
            cycle_months=3,
            on=NOV_2026,
            actor=SYSTEM,
            purpose=SETUP,
            household_code="HGD790001",
        )


def test_self_payment_over_the_api_enters_the_book_once(
    client: TestClient, headers: dict[str, str], db_session: Session
) -> None:
    si = register(db_session, "Kim Thị Hằng", date(1988, 8, 8))
    enrolled = client.post(
        f"{API}/persons/{si}/voluntary",
        json={"income": 4_000_000, "cycle_months": 1, "support_group": "other"},
        headers=headers,
    )
    assert enrolled.status_code == 201, enrolled.json()
    enrolment = enrolled.json()
    due = enrolment["next_payment"]["amount"]
    url = f"{API}/enrolments/{enrolment['enrolment_id']}/payments"
    wrong = client.post(
        url,
        json={"amount": due + 1, "paid_on": str(date.today()), "reference": "BANK-9"},
        headers=headers,
    )
    assert wrong.status_code == 422 and f"{due:,}" in wrong.json()["detail"]
    body = {"amount": due, "paid_on": str(date.today()), "reference": "BANK-9"}
    assert client.post(url, json=body, headers=headers).status_code == 201
    assert client.post(url, json=body, headers=headers).status_code == 200
    book = client.get(f"{API}/persons/{si}/book", headers=headers).json()
    assert [(p["scheme"], p["months"]) for p in book["periods"]] == [("voluntary", 1)]
    assert {t["fund"]: t["months"] for t in book["totals"]}["pension_survivors"] == 1
