"""Payments in the portal: a citizen's payment history; officers' runs, exceptions and cash list."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.payments import channels, runs, schedules, send
from ansinh.payments.models import Payment
from ansinh.payments.reconcile import apply_lines
from ansinh.payments.reports import Line
from ansinh.payments.schemas import ChannelCreate, ScheduleCreate
from ansinh.portal.officers import service as officers
from tests.portal.conftest import Citizen, csrf_of, login, officer_login
from tests.portal.scan import untranslated

OCTOBER = date(2026, 10, 1)
PASSWORD = "correct horse battery"


def _beneficiary(db_session: Session, citizen: Citizen, *, cash: bool = False) -> None:
    """A pension from October, paid into an account (or in cash at a post office)."""
    change = (
        ChannelCreate(kind="cash", place="Bưu điện Bến Thành", effective_from=OCTOBER)
        if cash
        else ChannelCreate(
            kind="account",
            bank_bin="970436",
            account_number="0123456789",
            holder=citizen.full_name,
            effective_from=OCTOBER,
        )
    )
    channels.set_channel(
        db_session=db_session,
        si_number=citizen.si_number,
        change=change,
        bank=None,
        actor=SYSTEM,
        purpose="test",
        source="officer",
    )
    schedules.create_schedule(
        db_session=db_session,
        schedule=ScheduleCreate(
            schedule_id=uuid.uuid4(),
            si_number=citizen.si_number,
            province_code="79",
            amount=5_000_000,
            start=OCTOBER,
            granted_on=OCTOBER,
            proof_of_life_on=OCTOBER,
        ),
    )


def _paid(db_session: Session, citizen: Citizen) -> Payment:
    """October's run computed by the system; `citizen`'s payment in it."""
    run = runs.compute(
        db_session=db_session, kind="monthly", period=OCTOBER, province_code="79", actor=SYSTEM
    )
    return db_session.scalars(
        select(Payment).where(Payment.run_id == run.run_id, Payment.si_number == citizen.si_number)
    ).one()


def test_a_citizen_sees_their_payments_in_words_with_the_reason_one_came_back(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    _beneficiary(db_session, alice)
    payment = _paid(db_session, alice)
    checker = Actor(kind="officer", id="checker")
    runs.approve(db_session=db_session, run_id=payment.run_id, actor=checker)
    send.prepare(db_session=db_session, run_id=payment.run_id)
    apply_lines(db_session=db_session, lines=[Line(payment.end_to_end_id, "rejected", "AC04")])
    db_session.expire_all()  # the SQL updates, as a new request's session would see them
    login(browser, eid, alice)
    page = browser.get("/me/payments")
    assert page.status_code == 200
    assert "10/2026" in page.text and "5.000.000" in page.text
    assert "Ngân hàng từ chối" in page.text and "Tài khoản đã đóng" in page.text
    assert "···6789" in page.text and "0123456789" not in page.text
    assert untranslated(page.text, "vi") == []
    browser.get("/lang/en")
    english = browser.get("/me/payments").text
    assert "Refused by the bank" in english and "The account is closed" in english
    read = db_session.scalars(
        select(AuditEvent).where(
            AuditEvent.subject == alice.si_number,
            AuditEvent.resource == "payments.history",
        )
    ).all()
    assert read and read[-1].actor_kind == "citizen"


def _officer(browser: TestClient, db_session: Session, username: str, role: str) -> None:
    officers.create_officer(
        db_session=db_session,
        username=username,
        full_name=f"Cán bộ {role}",
        role=role,
        password=PASSWORD,
    )
    browser.cookies.clear()
    assert officer_login(browser, username, PASSWORD, follow_redirects=False).status_code == 303


def test_officers_see_runs_with_totals_and_a_reviewer_approves_one(
    browser: TestClient, alice: Citizen, bob: Citizen, db_session: Session
) -> None:
    _beneficiary(db_session, alice)
    _beneficiary(db_session, bob, cash=True)
    payment = _paid(db_session, alice)
    _officer(browser, db_session, "can.bo.chi", "officer")
    page = browser.get("/officer/payments", params={"month": "2026-10", "province": "79"})
    assert page.status_code == 200
    assert "10.000.000" in page.text and "Chờ phê duyệt" in page.text
    assert 'data-testid="approve-run"' not in page.text  # an officer cannot approve
    assert untranslated(page.text, "vi") == []
    cash = browser.get(f"/officer/payments/runs/{payment.run_id}/cash")
    assert bob.full_name in cash.text and "Bưu điện Bến Thành" in cash.text
    assert alice.full_name not in cash.text
    _officer(browser, db_session, "kiem.soat", "reviewer")
    page = browser.get("/officer/payments", params={"month": "2026-10", "province": "79"})
    approved = browser.post(
        f"/officer/payments/runs/{payment.run_id}/approve",
        data={"csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert approved.status_code == 303
    assert runs.get_run_by_id(db_session=db_session, run_id=payment.run_id).status == "approved"
    refused = browser.post(f"/officer/payments/runs/{payment.run_id}/approve", data={})
    assert refused.status_code == 403


def test_a_returned_payment_shows_its_reason_and_the_action_it_drives(
    browser: TestClient, alice: Citizen, db_session: Session
) -> None:
    _beneficiary(db_session, alice)
    payment = _paid(db_session, alice)
    apply_lines(db_session=db_session, lines=[Line(payment.end_to_end_id, "rejected", "BE01")])
    _officer(browser, db_session, "can.bo.chi", "officer")
    page = browser.get("/officer/payments/exceptions")
    assert page.status_code == 200
    assert alice.full_name in page.text and "BE01" in page.text
    assert "Yêu cầu tài khoản mới; trong thời gian chờ chi tiền mặt" in page.text
    assert untranslated(page.text, "vi") == []
    worked = db_session.scalars(
        select(AuditEvent).where(
            AuditEvent.subject == alice.si_number,
            AuditEvent.resource == "payments.worklist",
        )
    ).all()
    assert worked and worked[-1].actor_id == "can.bo.chi"
    assert browser.get("/officer/payments/overpayments").status_code == 200
