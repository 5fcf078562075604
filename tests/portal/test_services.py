"""Online services end to end: submitted → in review → decided, with real effects."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit.models import AuditEvent
from ansinh.documents import service as documents
from ansinh.health.models import Card, Facility
from ansinh.portal.officers import service as officers
from ansinh.registry.models import Person
from ansinh.services.models import Application
from tests.portal.conftest import Citizen, csrf_of, login, officer_login

PASSWORD = "correct horse battery"


def _apply(browser: TestClient, code: str, **answers: str) -> str:
    form = browser.get(f"/services/{code}")
    assert form.status_code == 200, form.text
    sent = browser.post(
        f"/services/{code}", data={"csrf": csrf_of(form.text), **answers}, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text
    return str(sent.headers["location"]).rsplit("/", 1)[1]


def _officer(browser: TestClient, db_session: Session, role: str) -> None:
    officers.create_officer(
        db_session=db_session,
        username=f"{role}.one",
        full_name=f"Cán bộ {role}",
        role=role,
        password=PASSWORD,
    )
    browser.cookies.clear()
    answer = officer_login(browser, f"{role}.one", PASSWORD, follow_redirects=False)
    assert answer.status_code == 303


def test_the_catalogue_lists_services_with_code_deadline_and_filers(browser: TestClient) -> None:
    services = {s["code"]: s for s in browser.get("/api/v1/services").json()}
    assert services["1.014185"]["available"] and services["1.014185"]["deadline_days"] == 15
    assert services["1.014176"]["min_eid_level"] == 2
    assert services["1.014137"]["available"]
    assert not services["1.014174"]["available"] and services["1.014174"]["reason_vi"]
    assert "citizen" in services["1.014162"]["filers"]
    assert "1.014185" in browser.get("/services").text


def test_confirmation_of_contribution_record_gives_a_signed_document(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    login(browser, eid, alice)
    reference = _apply(browser, "1.014185")
    page = browser.get(f"/me/applications/{reference}")
    timeline = page.text.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert timeline.count("<li>") == 3  # submitted, in review, decided
    document = browser.get(f"/me/applications/{reference}/document")
    assert document.headers["content-type"] == "application/pdf"
    verdict = documents.verify_pdf(db_session=db_session, data=document.content)
    assert verdict.status == "genuine" and verdict.si_number_ending == alice.si_number[-3:]


def test_an_address_change_is_reviewed_by_an_officer_and_updates_the_registry(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    login(browser, eid, alice)
    new_address = "Số 12 Lê Lợi, Phường Bến Thành, Hồ Chí Minh"
    reference = _apply(
        browser, "1.014162", province_code="79", commune_code="26743", street="Số 12 Lê Lợi"
    )
    _officer(browser, db_session, "officer")
    queue = browser.get("/officer")
    assert reference in queue.text and alice.full_name not in queue.text
    opened = browser.get(f"/officer/applications/{reference}")
    assert alice.full_name in opened.text
    browser.post(f"/officer/applications/{reference}/review", data={"csrf": csrf_of(opened.text)})
    denied = browser.post(
        f"/officer/applications/{reference}/decide",
        data={"csrf": csrf_of(opened.text), "decision": "approve"},
    )
    assert denied.status_code == 403  # an "officer" may review, not decide
    _officer(browser, db_session, "reviewer")
    page = browser.get(f"/officer/applications/{reference}")
    decided = browser.post(
        f"/officer/applications/{reference}/decide",
        data={"csrf": csrf_of(page.text), "decision": "approve", "note": "Đã đối chiếu"},
    )
    assert decided.status_code == 200
    person = db_session.get(Person, alice.si_number)
    assert person is not None and person.address == new_address and person.province_code == "79"
    application = db_session.scalars(
        select(Application).where(Application.reference == reference)
    ).one()
    assert [e.status for e in application.events] == ["submitted", "in_review", "decided"]
    assert application.outcome == "approved"
    reads = db_session.scalars(
        select(AuditEvent.actor_id).where(
            AuditEvent.subject == alice.si_number, AuditEvent.actor_kind == "officer"
        )
    ).all()
    assert {"officer.one", "reviewer.one"} <= set(reads)


def test_a_bank_account_needs_level_two_and_the_holders_own_name(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    login(browser, eid, alice, acr="LoA2", level=2)
    form = browser.get("/services/1.014176")
    wrong = browser.post(
        "/services/1.014176",
        data={
            "csrf": csrf_of(form.text),
            "bank_bin": "970436",
            "account_number": "0123456789",
            "account_holder": "Someone Else",
        },
    )
    assert wrong.status_code == 422 and "đứng tên chính bạn" in wrong.text
    reference = _apply(
        browser,
        "1.014176",
        bank_bin="970436",
        account_number="0123456789",
        account_holder=alice.full_name.upper(),
    )
    assert "đã nộp" in browser.get(f"/me/applications/{reference}").text


def test_a_primary_care_change_moves_the_card(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    db_session.add_all(
        [
            Facility(code="79001", name="Trạm Y tế Phường 1", level="primary", province_code="79"),
            Facility(code="79002", name="Bệnh viện Quận 3", level="basic", province_code="79"),
        ]
    )
    db_session.flush()
    card = Card(
        si_number=alice.si_number,
        object_code="DN",
        benefit_level=4,
        province_code="79",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        facility_code="79001",
    )
    db_session.add(card)
    db_session.flush()
    login(browser, eid, alice)
    with clock.frozen_at(date(2026, 10, 5)):
        form = browser.get("/services/1.014137").text
        assert "Bệnh viện Quận 3" in form
        reference = _apply(browser, "1.014137", facility_code="79002")
    db_session.refresh(card)
    assert card.facility_code == "79002"
    page = browser.get(f"/me/applications/{reference}").text
    assert "được duyệt" in page and "Có hiệu lực từ ngày</strong>: 05/10/2026" in page


def test_a_citizen_cannot_open_another_persons_application(
    browser: TestClient, eid: TestClient, alice: Citizen, bob: Citizen
) -> None:
    login(browser, eid, bob)
    reference = _apply(browser, "1.014185")
    login(browser, eid, alice)
    assert browser.get(f"/me/applications/{reference}").status_code == 404
    assert browser.get(f"/me/applications/{reference}/document").status_code == 404
    assert reference not in browser.get("/me/applications").text


def test_a_form_without_its_csrf_token_is_refused(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    login(browser, eid, alice)
    answer = browser.post("/services/1.014185", data={"csrf": "forged"})
    assert answer.status_code == 403


def test_an_admin_manages_accounts_but_reads_no_cases(
    browser: TestClient, db_session: Session
) -> None:
    _officer(browser, db_session, "admin")
    assert "admin.one" in browser.get("/officer/accounts").text
    assert browser.get("/officer").status_code == 403


def test_a_wrong_officer_password_is_refused(browser: TestClient, db_session: Session) -> None:
    officers.create_officer(
        db_session=db_session, username="a.b", full_name="A B", role="officer", password=PASSWORD
    )
    answer = officer_login(browser, "a.b", "nope")
    assert answer.status_code == 401
    assert officer_login(browser, "zz", "x").status_code == 401


def test_the_officer_login_form_needs_its_csrf_token(
    browser: TestClient, db_session: Session
) -> None:
    officers.create_officer(
        db_session=db_session, username="a.b", full_name="A B", role="officer", password=PASSWORD
    )
    forged = browser.post("/officer/login", data={"username": "a.b", "password": PASSWORD})
    assert forged.status_code == 403 and "officer" not in str(browser.cookies.keys())
    token = csrf_of(browser.get("/officer/login").text)
    browser.cookies.delete("login_csrf", path="/officer/login")
    cookieless = {"username": "a.b", "password": PASSWORD, "csrf": token}
    assert browser.post("/officer/login", data=cookieless).status_code == 403
    answer = officer_login(browser, "a.b", PASSWORD, follow_redirects=False)
    assert answer.status_code == 303


def test_a_refusal_needs_a_written_reason_that_the_citizen_reads(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    login(browser, eid, alice)
    reference = _apply(
        browser, "1.014162", province_code="79", commune_code="26740", street="Nguyễn Huệ"
    )
    _officer(browser, db_session, "reviewer")
    page = browser.get(f"/officer/applications/{reference}")
    browser.post(f"/officer/applications/{reference}/review", data={"csrf": csrf_of(page.text)})
    page = browser.get(f"/officer/applications/{reference}")
    bare = browser.post(
        f"/officer/applications/{reference}/decide",
        data={"csrf": csrf_of(page.text), "decision": "reject", "note": "  "},
    )
    assert bare.status_code == 422 and "phải ghi rõ lý do" in bare.text
    reason = "Địa chỉ không có số nhà"
    browser.post(
        f"/officer/applications/{reference}/decide",
        data={"csrf": csrf_of(page.text), "decision": "reject", "note": reason},
    )
    login(browser, eid, alice)
    assert reason in browser.get(f"/me/applications/{reference}").text
