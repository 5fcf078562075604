"""End to end against the sandbox bank over HTTP: names checked, a run paid, rejected, returned.

The bank runs in-process on its own schema of the run's PostgreSQL (as its own tests do); the
platform reaches it only through `BankClient`, as in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.errors import Unprocessable
from ansinh.payments import channels, inbox, reconcile, runs, send
from ansinh.payments.bank_client import BankClient
from ansinh.payments.models import Payment, PaymentException
from ansinh.payments.schemas import ChannelCreate
from sandbox.bank import store
from tests.payments.conftest import CHECKER, MAKER, PROVINCE, make_person, make_schedule
from tests.sandbox.bank.conftest import accounts, bank, headers, http, persons  # noqa: F401

JANUARY = date(2027, 1, 1)


@pytest.fixture()
def client(http: TestClient, headers: dict[str, str]) -> Iterator[BankClient]:  # noqa: F811
    yield BankClient("http://testserver", headers["X-API-Key"], transport=http._transport)


def _beneficiary(db_session: Session, bank_client: BankClient, account: dict[str, Any]) -> str:
    person = make_person(db_session, full_name=account["holder"].title())
    change = ChannelCreate(
        kind="account",
        bank_bin=account["bin"],
        account_number=account["account"],
        effective_from=JANUARY,
    )
    channels.set_channel(
        db_session=db_session,
        si_number=person.si_number,
        change=change,
        bank=channels.inquire(change=change, bank=bank_client),
        actor=MAKER,
        purpose="test",
        source="officer",
    )
    make_schedule(
        db_session, person, start=JANUARY, granted_on=JANUARY, proof_of_life_on=date(2026, 12, 1)
    )
    return person.si_number


def _round_trip(
    db_session: Session, bank_client: BankClient, bank_http: TestClient, auth: dict[str, str]
) -> None:
    bank_http.post("/v1/admin/tick", headers=auth)
    bank_http.post("/v1/admin/tick", headers=auth)
    messages, _ = bank_client.messages(after=inbox.cursor(db_session=db_session), limit=1000)
    inbox.store(db_session=db_session, messages=messages)
    inbox.apply_pending(db_session=db_session)


def test_an_account_in_another_name_or_closed_is_refused_by_the_name_inquiry(
    db_session: Session,
    client: BankClient,
    accounts: list[dict[str, Any]],  # noqa: F811
) -> None:
    person = make_person(db_session, full_name="Hoàng Thị Không Phải")
    change = ChannelCreate(
        kind="account",
        bank_bin=accounts[0]["bin"],
        account_number=accounts[0]["account"],
        effective_from=JANUARY,
    )
    with pytest.raises(Unprocessable, match="own name"):
        channels.set_channel(
            db_session=db_session,
            si_number=person.si_number,
            change=change,
            bank=channels.inquire(change=change, bank=client),
            actor=MAKER,
            purpose="test",
            source="officer",
        )


def test_a_run_is_paid_rejected_and_returned_and_balances_to_the_dong(
    db_session: Session,
    client: BankClient,
    http: TestClient,  # noqa: F811
    headers: dict[str, str],  # noqa: F811
    accounts: list[dict[str, Any]],  # noqa: F811
    bank: store.Bank,  # noqa: F811
) -> None:
    people = [_beneficiary(db_session, client, a) for a in accounts[:6]]
    closing, dying = accounts[0], accounts[1]
    http.post(f"/v1/admin/accounts/{closing['bin']}/{closing['account']}/close", headers=headers)
    run = runs.compute(
        db_session=db_session, kind="monthly", period=JANUARY, province_code=PROVINCE, actor=MAKER
    )
    runs.approve(db_session=db_session, run_id=run.run_id, actor=CHECKER)
    send.prepare(db_session=db_session, run_id=run.run_id)
    body = send.file_to_post(db_session=db_session, run_id=run.run_id)
    assert body is not None
    first, _ = client.submit_file(body)
    send.record_posted(db_session=db_session, run_id=run.run_id, file_id=first)
    assert first is not None
    again, _ = client.submit_file(send.file_path(run).read_bytes())
    assert again == first  # the same MsgId: filed once
    _round_trip(db_session, client, http, headers)
    http.post(f"/v1/admin/accounts/{dying['bin']}/{dying['account']}/deceased", headers=headers)
    http.post("/v1/admin/config", json={"return_window_seconds": 3600}, headers=headers)
    _round_trip(db_session, client, http, headers)
    _round_trip(db_session, client, http, headers)  # nothing new: nothing changes
    states = {
        p.si_number: (p.status, p.reason)
        for p in db_session.scalars(select(Payment).where(Payment.run_id == run.run_id))
    }
    assert states[people[0]] == ("rejected", "AC04")
    assert all(states[p] == ("booked", None) for p in people[2:])
    assert states[people[1]] == ("returned", "MD07")
    totals = reconcile.totals(db_session=db_session, run_id=run.run_id)
    assert totals.balanced and totals.instructed == 6 * 5_000_000
    assert totals.in_flight == 0
    work = db_session.scalars(select(PaymentException.reason)).all()
    assert sorted(work) == ["AC04", "MD07"]
