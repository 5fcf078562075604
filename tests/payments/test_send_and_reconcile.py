"""A run's file validates against the XSD; the bank's reports move each payment exactly once."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.events.models import OutboxEvent
from ansinh.payments import inbox, reconcile, runs, send
from ansinh.payments.bank_client import Report as Message
from ansinh.payments.models import Payment, PaymentException, Schedule, shown_status
from ansinh.payments.reports import parse
from tests.payments.conftest import (
    CHECKER,
    MAKER,
    PROVINCE,
    make_person,
    make_schedule,
    pay_in_cash,
    pay_into_account,
)
from tests.payments.iso import camt054, pain002

OCTOBER = date(2026, 10, 1)


def _sent_run(db_session: Session, people: int = 3, month: date = OCTOBER) -> list[Payment]:
    for i in range(people):
        person = make_person(db_session, full_name=f"Lê Văn Tư {i}" if i else "Lê Văn Tư")
        pay_into_account(db_session, person, account=f"01234567{i:02d}")
        make_schedule(db_session, person, start=month, granted_on=month)
    cash = make_person(db_session)
    pay_in_cash(db_session, cash)
    make_schedule(db_session, cash, start=month, granted_on=month)
    run = runs.compute(
        db_session=db_session, kind="monthly", period=month, province_code=PROVINCE, actor=MAKER
    )
    runs.approve(db_session=db_session, run_id=run.run_id, actor=CHECKER)
    send.prepare(db_session=db_session, run_id=run.run_id)
    return list(
        db_session.scalars(
            select(Payment).where(Payment.run_id == run.run_id).order_by(Payment.si_number)
        )
    )


def _apply(db_session: Session, seq: int, xml: str) -> int:
    inbox.store(db_session=db_session, messages=[Message(seq, parse(xml).kind, xml)])
    return inbox.apply_pending(db_session=db_session)


def test_the_file_validates_and_carries_every_account_payment(db_session: Session) -> None:
    payments = _sent_run(db_session)
    run = runs.get_run_by_id(db_session=db_session, run_id=payments[0].run_id)
    document = etree.parse(str(send.file_path(run)))
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
    e2e = document.xpath("//p:CdtTrfTxInf/p:PmtId/p:EndToEndId/text()", namespaces=ns)
    accounts = [p for p in payments if p.channel == "account"]
    assert sorted(e2e) == sorted(p.end_to_end_id for p in accounts)
    assert document.xpath("//p:GrpHdr/p:CtrlSum/text()", namespaces=ns) == ["15000000"]
    assert document.xpath("//p:CtgyPurp/p:Cd/text()", namespaces=ns) == ["PENS"]
    assert {shown_status(p.status, run.status) for p in payments} == {"instructed"}
    assert run.msg_id == f"ANSINH-R{run.run_id:012d}"
    again = send.prepare(db_session=db_session, run_id=run.run_id)
    assert again.sent_at == run.sent_at  # preparing twice writes and marks nothing new


def test_accepted_then_booked_balances_and_a_replayed_report_changes_nothing(
    db_session: Session,
) -> None:
    payments = _sent_run(db_session)
    run_id, accounts = payments[0].run_id, [p for p in payments if p.channel == "account"]
    msg_id = runs.get_run_by_id(db_session=db_session, run_id=run_id).msg_id or ""
    accepted = pain002("S1", msg_id, [(p.end_to_end_id, "ACTC", None) for p in accounts])
    assert _apply(db_session, 1, accepted) == 3
    booked = camt054("B1", [(p.end_to_end_id, p.amount, "DBIT", None) for p in accounts])
    assert _apply(db_session, 2, booked) == 3
    assert _apply(db_session, 3, accepted.replace("S1", "S1b")) == 0  # late: never backwards
    assert _apply(db_session, 2, booked) == 0  # the same message again: not stored twice
    totals = reconcile.totals(db_session=db_session, run_id=run_id)
    assert (totals.booked, totals.in_flight, totals.balanced) == (15_000_000, 5_000_000, True)


def test_a_report_is_stored_once_and_counted_once(db_session: Session) -> None:
    payments = _sent_run(db_session, people=1)
    msg_id = runs.get_run_by_id(db_session=db_session, run_id=payments[0].run_id).msg_id or ""
    xml = pain002("S1", msg_id, [(payments[0].end_to_end_id, "ACTC", None)])
    message = Message(1, parse(xml).kind, xml)
    assert inbox.store(db_session=db_session, messages=[message]) == 1
    assert inbox.store(db_session=db_session, messages=[message, message]) == 0


def test_a_report_finds_its_payment_by_the_id_in_its_end_to_end_id_and_ignores_others(
    db_session: Session,
) -> None:
    payments = _sent_run(db_session, people=1)
    account = next(p for p in payments if p.channel == "account")
    assert account.end_to_end_id == f"ANSINH-P{account.payment_id:016d}"
    msg_id = runs.get_run_by_id(db_session=db_session, run_id=account.run_id).msg_id or ""
    strangers = [("ANSINH-P9999999999999999", "ACTC", None), ("ANOTHER-BANKS-ID", "ACTC", None)]
    assert _apply(db_session, 1, pain002("S1", msg_id, strangers)) == 0
    assert (
        _apply(db_session, 2, pain002("S2", msg_id, [(account.end_to_end_id, "ACTC", None)])) == 1
    )
    db_session.refresh(account)
    assert account.status == "accepted"


@pytest.mark.parametrize(
    ("reason", "action", "status", "why"),
    [
        ("AC01", "ask_new_account", "active", None),  # paid in cash meanwhile
        ("BE01", "ask_new_account", "active", None),
        ("AC03", "ask_new_account", "held", "new_account_needed"),
        ("AC04", "suspended", "suspended", "account_closed"),
        ("AC06", "hold", "held", "account_blocked"),
        ("MD07", "death_check", "held", "death_reported_by_bank"),
        ("AM05", "review", "active", None),
    ],
)
def test_each_reason_code_is_acted_on(
    db_session: Session, reason: str, action: str, status: str, why: str | None
) -> None:
    payments = _sent_run(db_session, people=1)
    payment = payments[0]
    msg_id = runs.get_run_by_id(db_session=db_session, run_id=payment.run_id).msg_id or ""
    _apply(db_session, 1, pain002("S1", msg_id, [(payment.end_to_end_id, "RJCT", reason)]))
    db_session.refresh(payment)
    assert (payment.status, payment.reason) == ("rejected", reason)
    schedule = db_session.get_one(Schedule, payment.schedule_id, populate_existing=True)
    assert (schedule.status, schedule.status_reason) == (status, why)
    assert schedule.arrears_from == OCTOBER  # the month is paid again once the schedule runs
    work = db_session.scalars(
        select(PaymentException).where(PaymentException.payment_id == payment.payment_id)
    ).one()
    assert (work.action, work.reason) == (action, reason)
    deaths = db_session.scalars(
        select(OutboxEvent).where(OutboxEvent.name == "DeathReportedByBank")
    ).all()
    assert len([d for d in deaths if d.payload["end_to_end_id"] == payment.end_to_end_id]) == (
        reason == "MD07"
    )


def test_a_be01_reject_is_paid_in_cash_at_the_post_office_until_a_new_account(
    db_session: Session,
) -> None:
    payment = _sent_run(db_session, people=1)[0]
    msg_id = runs.get_run_by_id(db_session=db_session, run_id=payment.run_id).msg_id or ""
    _apply(db_session, 1, pain002("S1", msg_id, [(payment.end_to_end_id, "RJCT", "BE01")]))
    november = runs.compute(
        db_session=db_session,
        kind="monthly",
        period=date(2026, 11, 1),
        province_code=PROVINCE,
        actor=MAKER,
    )
    lines = db_session.execute(
        select(Payment.month, Payment.channel, Payment.place).where(
            Payment.run_id == november.run_id, Payment.schedule_id == payment.schedule_id
        )
    ).all()
    assert sorted(lines) == [
        (OCTOBER, "cash", "Bưu điện Hồ Chí Minh"),
        (date(2026, 11, 1), "cash", "Bưu điện Hồ Chí Minh"),
    ]


def test_a_return_after_booking_is_paid_again_in_the_next_run_only_once(
    db_session: Session,
) -> None:
    payments = _sent_run(db_session, people=1)
    payment = payments[0]
    _apply(db_session, 1, camt054("B1", [(payment.end_to_end_id, payment.amount, "DBIT", None)]))
    returned = camt054("R1", [(payment.end_to_end_id, payment.amount, "CRDT", "NARR")])
    _apply(db_session, 2, returned)
    db_session.refresh(payment)
    assert (payment.status, payment.reason) == ("returned", "NARR")
    totals = reconcile.totals(db_session=db_session, run_id=payment.run_id)
    assert (totals.returned, totals.balanced) == (5_000_000, True)
    november = runs.compute(
        db_session=db_session,
        kind="monthly",
        period=date(2026, 11, 1),
        province_code=PROVINCE,
        actor=MAKER,
    )
    lines = db_session.scalars(
        select(Payment.month).where(
            Payment.run_id == november.run_id, Payment.schedule_id == payment.schedule_id
        )
    ).all()
    assert sorted(lines) == [OCTOBER, date(2026, 11, 1)]  # October again, as arrears, once


def test_a_whole_file_rejected_rejects_every_account_payment(db_session: Session) -> None:
    payments = _sent_run(db_session, people=2)
    run = runs.get_run_by_id(db_session=db_session, run_id=payments[0].run_id)
    _apply(db_session, 1, pain002("S1", run.msg_id or "", [], group="RJCT", group_reason="AM04"))
    for p in payments:
        db_session.refresh(p)
    assert [(p.channel, shown_status(p.status, run.status)) for p in payments] == [
        ("account", "rejected"),
        ("account", "rejected"),
        ("cash", "instructed"),
    ]
