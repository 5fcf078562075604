"""Unemployment pages: a citizen files a claim (level 2) and reads its status; officers' holds."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.portal.officers import service as officers
from ansinh.unemployment.models import BenefitMonth, Claim, Entitlement
from tests.portal.conftest import Citizen, csrf_of, login, officer_login
from tests.portal.scan import untranslated

PASSWORD = "correct horse battery"


def test_a_citizen_files_a_claim_and_sees_it_sent(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    login(browser, eid, alice, acr="LoA2", level=2)
    page = browser.get("/me/unemployment")
    assert page.status_code == 200
    assert untranslated(page.text, "vi") == []
    late = (clock.today() - timedelta(days=200)).isoformat()
    refused = browser.post(
        "/me/unemployment",
        data={"csrf": csrf_of(page.text), "terminated_on": late, "province_code": "79"},
    )
    assert refused.status_code == 422
    assert "Đã quá hạn nộp hồ sơ" in refused.text
    recent = (clock.today() - timedelta(days=10)).isoformat()
    filed = browser.post(
        "/me/unemployment",
        data={"csrf": csrf_of(page.text), "terminated_on": recent, "province_code": "79"},
    )
    assert filed.status_code == 200  # followed back to the page
    assert 'data-testid="ui-status">Đã nộp' in filed.text
    assert untranslated(filed.text, "vi") == []


def test_filing_needs_an_e_id_level_two_login(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    login(browser, eid, alice, acr="LoA1", level=1)
    page = browser.get("/me/unemployment")
    answer = browser.post(
        "/me/unemployment",
        data={"csrf": csrf_of(page.text), "terminated_on": date.today().isoformat()},
        follow_redirects=False,
    )
    assert answer.status_code in (302, 303, 307)
    assert "/auth/login" in answer.headers["location"]


def test_the_officers_page_of_holds_speaks_vietnamese(
    browser: TestClient, db_session: Session
) -> None:
    officers.create_officer(
        db_session=db_session,
        username="ui.reviewer",
        full_name="Cán bộ",
        role="reviewer",
        password=PASSWORD,
    )
    officer_login(browser, "ui.reviewer", PASSWORD)
    page = browser.get("/officer/unemployment")
    assert page.status_code == 200
    assert "Không có khoản nào đang tạm giữ." in page.text
    assert untranslated(page.text, "vi") == []


def _months_of(db_session: Session, si_number: str) -> None:
    """A granted claim whose December was paid late and whose January a new job made overpaid."""
    claim = Claim(
        claim_id=uuid.uuid4(),
        si_number=si_number,
        province_code="79",
        terminated_on=date(2026, 10, 15),
        filed_on=date(2026, 11, 2),
        status="ended",
    )
    db_session.add(claim)
    db_session.flush()
    entitlement = Entitlement(
        entitlement_id=uuid.uuid4(),
        claim_id=claim.claim_id,
        decision_id=uuid.uuid4(),
        si_number=si_number,
        province_code="79",
        first_month=date(2026, 12, 1),
        last_month=date(2026, 12, 1),
        centre_amount=7_200_000,
        amount=7_200_000,
        status="ended",
        scheduled=True,
    )
    db_session.add(entitlement)
    db_session.flush()
    common = {"entitlement_id": entitlement.entitlement_id, "si_number": si_number}
    db_session.add_all(
        [
            BenefitMonth(
                **common,
                month=date(2026, 12, 1),
                province_code="79",
                trigger_on=date(2026, 12, 15),
                due_on=date(2026, 12, 22),
                paid_on=date(2026, 12, 24),
                late=True,
            ),
            BenefitMonth(
                **common,
                month=date(2027, 1, 1),
                province_code="79",
                trigger_on=date(2027, 1, 6),
                due_on=date(2027, 1, 13),
                paid_on=date(2027, 1, 4),
                overpaid_by="new_job",
                overpaid=7_200_000,
            ),
        ]
    )
    db_session.flush()


def test_a_citizen_sees_months_due_paid_late_and_overpaid_in_vietnamese(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    _months_of(db_session, alice.si_number)
    login(browser, eid, alice, acr="LoA2", level=2)
    page = browser.get("/me/unemployment")
    assert page.status_code == 200
    assert "Các tháng hưởng trợ cấp" in page.text
    assert "Chi trả chậm" in page.text
    assert 'data-testid="ui-overpaid">Chi trả thừa' in page.text
    assert "có việc làm mới" in page.text and "7,200,000" in page.text
    assert untranslated(page.text, "vi") == []


def test_the_officer_sees_late_and_overpaid_months(
    browser: TestClient, db_session: Session, alice: Citizen
) -> None:
    _months_of(db_session, alice.si_number)
    officers.create_officer(
        db_session=db_session,
        username="ui.payer",
        full_name="Cán bộ",
        role="reviewer",
        password=PASSWORD,
    )
    officer_login(browser, "ui.payer", PASSWORD)
    page = browser.get("/officer/unemployment")
    assert page.status_code == 200
    assert "Chi trả trong 5 ngày làm việc" in page.text
    assert 'data-testid="ui-late">Chi trả chậm' in page.text
    assert 'data-testid="ui-overpaid">Chi trả thừa' in page.text
    assert "22/12/2026" in page.text
    assert untranslated(page.text, "vi") == []
    assert alice.personal_id not in page.text
