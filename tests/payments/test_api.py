"""The officers' payments API: one client computes, another approves; totals; a person's view."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.payments import bank_client
from ansinh.payments.bank_client import BankClient
from ansinh.payments.channels import channel_in_force
from tests.conftest import api_headers, audit_trail
from tests.payments.conftest import PROVINCE, make_person, make_schedule, pay_into_account


def test_a_run_is_computed_approved_by_another_client_sent_and_balanced(
    client: TestClient, db_session: Session
) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    make_schedule(db_session, person, start=date(2026, 10, 1), granted_on=date(2026, 10, 1))
    maker = api_headers(db_session, "payments:run", "payments:read", client_id="maker-app")
    checker = api_headers(db_session, "payments:run", client_id="checker-app")
    body = {"period": "2026-10-01", "province_code": PROVINCE}
    run = client.post("/api/v1/payments/runs", json=body, headers=maker).json()
    assert (run["lines"], run["total"], run["status"]) == (1, 5_000_000, "draft")
    refused = client.post(f"/api/v1/payments/runs/{run['run_id']}/approve", headers=maker)
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    approved = client.post(f"/api/v1/payments/runs/{run['run_id']}/approve", headers=checker)
    assert approved.json()["status"] == "approved"
    sent = client.post(f"/api/v1/payments/runs/{run['run_id']}/send", headers=checker).json()
    assert sent["msg_id"].startswith("ANSINH-R")
    totals = client.get(f"/api/v1/payments/runs/{run['run_id']}/totals", headers=maker).json()
    assert (totals["instructed"], totals["in_flight"], totals["balanced"]) == (
        5_000_000,
        5_000_000,
        True,
    )
    drafts = client.get("/api/v1/payments/runs", params={"status": "draft"}, headers=maker)
    assert run["run_id"] not in [r["run_id"] for r in drafts.json()]


def test_a_person_s_payments_are_read_with_a_purpose_and_audited(
    client: TestClient, db_session: Session
) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    make_schedule(db_session, person, start=date(2026, 10, 1), granted_on=date(2026, 10, 1))
    headers = api_headers(db_session, "payments:read", "payments:run", client_id="reader")
    client.post(
        "/api/v1/payments/runs",
        json={"period": "2026-10-01", "province_code": PROVINCE},
        headers=headers,
    )
    seen = client.get(f"/api/v1/payments/persons/{person.si_number}/payments", headers=headers)
    (payment,) = seen.json()["payments"]
    assert (payment["amount"], payment["account_ending"], payment["status"]) == (
        5_000_000,
        "6789",
        "computed",
    )
    assert ("client", "reader", "read", "payments.history", "automated test") in audit_trail(
        db_session, person.si_number
    )


def test_an_account_in_another_name_or_a_bad_run_is_refused_with_a_reason(
    client: TestClient, db_session: Session
) -> None:
    person = make_person(db_session)
    headers = api_headers(db_session, "payments:channels", "payments:run", client_id="desk")
    change = {
        "kind": "account",
        "bank_bin": "970436",
        "account_number": "0123456789",
        "holder": "NGUYEN VAN KHAC",
        "effective_from": "2026-11-01",
    }
    refused = client.put(
        f"/api/v1/payments/persons/{person.si_number}/channel", json=change, headers=headers
    )
    assert refused.status_code == 422
    assert "own name" in refused.json()["detail"]
    mine = change | {"holder": "TRAN VAN BINH"}
    accepted = client.put(
        f"/api/v1/payments/persons/{person.si_number}/channel", json=mine, headers=headers
    )
    assert accepted.status_code == 204
    bad = client.post(
        "/api/v1/payments/runs",
        json={"period": "2026-13-01", "province_code": PROVINCE},
        headers=headers,
    )
    assert bad.status_code == 422


def test_the_bank_is_asked_for_the_holder_before_the_transaction_that_records_the_account(
    client: TestClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = make_person(db_session)
    in_transaction: list[bool] = []

    def answer(request: httpx.Request) -> httpx.Response:
        in_transaction.append(db_session.in_transaction())
        return httpx.Response(200, json={"holder": person.full_name.upper(), "status": "active"})

    bank = BankClient("http://bank.test", "key", transport=httpx.MockTransport(answer))
    monkeypatch.setattr(bank_client, "connect", lambda: bank)
    headers = api_headers(db_session, "payments:channels", client_id="channels-app")
    change = {"kind": "account", "bank_bin": "970436", "account_number": "0123456789"}
    response = client.put(
        f"/api/v1/payments/persons/{person.si_number}/channel",
        json=change | {"effective_from": "2026-11-01"},
        headers=headers,
    )
    assert response.status_code == 204
    assert in_transaction == [False]
    channel = channel_in_force(
        db_session=db_session, si_number=person.si_number, month=date(2026, 11, 1)
    )
    assert channel is not None
    assert (channel.kind, channel.holder) == ("account", person.full_name.upper())
