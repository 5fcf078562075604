"""In Chromium, in Vietnamese, on a phone and a desktop: a citizen files three different online
services from forms drawn from the catalogue's JSON Schema, an officer decides them, and the
citizen gets each sealed result. axe-core finds no serious violation on these pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ansinh.portal.officers import service as officers
from tests.browser.conftest import Live
from tests.browser.test_every_page import _check, alices_card  # noqa: F401  (fixture)
from tests.portal.conftest import Citizen

WIDTHS = (375, 1280)
PASSWORD = "correct horse battery"


def _address(page: Any, alice: Citizen) -> None:
    page.get_by_test_id("field-province_code").select_option("79")
    page.wait_for_selector('#f_commune_code option[value="26743"]', state="attached")
    page.get_by_test_id("field-commune_code").select_option("26743")
    page.get_by_test_id("field-street").fill("Số 12 Lê Lợi")


def _bank(page: Any, alice: Citizen) -> None:
    page.get_by_test_id("field-bank_bin").select_option("970436")
    page.get_by_test_id("field-account_number").fill("0123456789")
    page.get_by_test_id("field-account_holder").fill(alice.full_name.upper())


def _reissue(page: Any, alice: Citizen) -> None:
    page.get_by_test_id("field-reason").select_option("lost")


FORMS: dict[str, Callable[[Any, Citizen], None]] = {
    "1.014162": _address,
    "1.014176": _bank,
    "1.002759": _reissue,
}


def _context(chromium: Any, width: int) -> Any:
    phone = width < 600
    return chromium.new_context(
        viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.usefixtures("alices_card")
def test_a_citizen_files_three_services_and_an_officer_decides_them(
    live: Live, chromium: Any, alice: Citizen, db_session: Session, width: int
) -> None:
    officers.create_officer(
        db_session=db_session,
        username="xet.duyet",
        full_name="Lê Văn Xét Duyệt",
        role="reviewer",
        password=PASSWORD,
    )
    db_session.commit()
    problems: list[str] = []
    citizen = _context(chromium, width)
    page = citizen.new_page()
    page.goto(f"{live.portal}/auth/login?next=/services&level=2")
    page.fill('input[name="typed_id"]', alice.personal_id)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_role("button", name="Đồng ý · Allow").click()
    page.wait_for_url(f"{live.portal}/services")
    problems += _check(page, "journey-catalogue", "vi", width)
    page.goto(f"{live.portal}/services/1.014163")  # date, number, select and file fields
    problems += _check(page, "journey-form-1.014163", "vi", width)
    references = {}
    for code, fill in FORMS.items():
        page.goto(f"{live.portal}/services/{code}")
        fill(page, alice)
        problems += _check(page, f"journey-form-{code}", "vi", width)
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_test_id("submit-application").click()
        page.wait_for_url(f"{live.portal}/me/applications/HS-*")
        references[code] = page.url.rsplit("/", 1)[1]
        assert "Đã nộp" in page.content() or "đã nộp" in page.content()

    officer = _context(chromium, width)
    desk = officer.new_page()
    desk.goto(f"{live.portal}/officer/login")
    desk.fill('input[name="username"]', "xet.duyet")
    desk.fill('input[name="password"]', PASSWORD)
    desk.locator('form button[type="submit"]').click()
    desk.wait_for_url(f"{live.portal}/officer")
    for reference in references.values():
        assert reference in desk.get_by_test_id("queue").inner_text()
    problems += _check(desk, "journey-queue", "vi", width)
    for code, reference in references.items():
        desk.goto(f"{live.portal}/officer/applications/{reference}")
        desk.get_by_test_id("take").click()
        desk.wait_for_load_state()
        problems += _check(desk, f"journey-officer-{code}", "vi", width)
        desk.get_by_test_id("approve").click()
        desk.wait_for_load_state()
        assert "được duyệt" in desk.content()
    officer.close()

    for code, reference in references.items():
        page.goto(f"{live.portal}/me/applications/{reference}")
        assert page.get_by_test_id("result").is_visible()
        problems += _check(page, f"journey-result-{code}", "vi", width)
        answer = page.request.get(f"{live.portal}/me/applications/{reference}/result")
        assert answer.ok and answer.headers["content-type"] == "application/pdf"
    citizen.close()
    assert problems == []
