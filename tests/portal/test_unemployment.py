"""Unemployment pages: a citizen files a claim (level 2) and reads its status; officers' holds."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.portal.officers import service as officers
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
