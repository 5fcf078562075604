"""In Chromium, in Vietnamese, on a phone and a desktop: a citizen files a claim and follows it;
an officer opens a claim and a second officer approves it (the first cannot)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from ansinh.portal.officers import service as officers
from tests.browser.conftest import SCREENSHOTS, Live
from tests.portal.conftest import Citizen
from tests.portal.scan import untranslated
from tests.portal.test_claims import BIRTH, mother  # noqa: F401  (fixture)

WIDTHS = (375, 1280)
PASSWORD = "correct horse battery"


def _context(chromium: Any, width: int) -> Any:
    phone = width < 600
    return chromium.new_context(
        viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone
    )


def _fits(page: Any, name: str, width: int) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}-vi-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert untranslated(page.content(), "vi") == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_citizen_files_a_maternity_claim_and_sees_it_granted_in_vietnamese(
    live: Live,
    chromium: Any,
    mother: Citizen,  # noqa: F811
    db_session: Session,
    width: int,
) -> None:
    db_session.commit()  # the certificate the hospital sent, visible to the served app
    page = _context(chromium, width).new_page()
    page.goto(f"{live.portal}/auth/login?next=/me/claims/new/maternity-after-job&level=2")
    page.fill('input[name="typed_id"]', mother.personal_id)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_role("button", name="Đồng ý · Allow").click()
    page.wait_for_url(f"{live.portal}/me/claims/new/maternity-after-job")
    _fits(page, "claim-form", width)
    page.get_by_test_id("birth-date").fill(BIRTH.isoformat())
    page.get_by_test_id("certificate").fill("GCS-0001")
    page.get_by_test_id("cash").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-claim").click()
    page.wait_for_url(f"{live.portal}/me/claims/CD-*")
    assert page.get_by_test_id("claim-status").inner_text() == "Được giải quyết"
    assert page.get_by_test_id("decision-pdf").is_visible()
    _fits(page, "claim", width)
    page.goto(f"{live.portal}/me/claims")
    assert "Được giải quyết" in page.get_by_test_id("claims").inner_text()
    _fits(page, "claims", width)


def _officer(context: Any, live: Live, username: str) -> Any:
    page = context.new_page()
    page.goto(f"{live.portal}/officer/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(f"{live.portal}/officer")
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_an_officer_opens_a_claim_and_a_second_officer_approves_it(
    live: Live, chromium: Any, population: list[Citizen], db_session: Session, width: int
) -> None:
    for username, role in (("lap.ho.so", "officer"), ("phe.duyet", "reviewer")):
        officers.create_officer(
            db_session=db_session,
            username=username,
            full_name=f"Cán bộ {role}",
            role=role,
            password=PASSWORD,
        )
    db_session.commit()
    maker = _context(chromium, width)
    page = _officer(maker, live, "lap.ho.so")
    page.goto(f"{live.portal}/officer/claims/new/long-term")
    _fits(page, "officer-claim-open", width)
    page.fill('input[name="si_number"]', population[2].si_number)
    page.select_option('select[name="branch"]', "work_injury")
    page.fill('input[name="period_from"]', "2026-09-01")
    page.fill(
        'textarea[name="facts"]',
        "cause = work_accident\ncapacity_loss_percent = 40\n"
        "contribution_salary = 12000000\nfund_months = 24",
    )
    page.locator('input[name="channel"][value="cash"]').check()
    page.get_by_test_id("open-claim").click()
    page.wait_for_url(f"{live.portal}/officer/claims/CD-*")
    dossier = page.url
    assert page.get_by_test_id("four-eyes").is_visible()
    assert page.get_by_test_id("approve").count() == 0
    _fits(page, "officer-claim", width)
    maker.close()

    checker = _context(chromium, width)
    page = _officer(checker, live, "phe.duyet")
    page.goto(f"{live.portal}/officer/claims")
    _fits(page, "officer-claims", width)
    page.goto(dossier)
    page.get_by_test_id("approve").click()
    page.wait_for_url(dossier)
    assert page.get_by_test_id("claim-status").inner_text() == "Được giải quyết"
    checker.close()
