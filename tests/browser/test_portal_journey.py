"""In a real Chromium: log in through the sandbox e-ID, see the SI book, switch language, scorecard.

Screenshots land in the temporary directory named at the end of the run (ansinh-screenshots);
docs/screenshots/ holds copies of them.
"""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import SCREENSHOTS, Live
from tests.portal.conftest import Citizen


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_citizen_logs_in_with_the_e_id_and_reads_the_si_book(
    live: Live, chromium: Any, alice: Citizen
) -> None:
    page = chromium.new_page(viewport={"width": 1100, "height": 800}, locale="vi-VN")
    page.goto(live.portal)
    page.get_by_test_id("login-eid").click()

    page.wait_for_url(f"{live.issuer}/authorize*")
    _shot(page, "eid-login")
    page.fill('input[name="typed_id"]', alice.personal_id)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_role("button", name="Đồng ý · Allow").click()

    page.wait_for_url(f"{live.portal}/")
    assert alice.full_name in page.inner_text("h1")
    _shot(page, "citizen-home")

    page.get_by_test_id("tile-si-book").click()
    page.wait_for_url(f"{live.portal}/me/si-book")
    assert page.get_by_test_id("si-periods").is_visible()
    assert int(page.get_by_test_id("total-months").inner_text()) > 0
    assert page.inner_text("h1") == "Sổ BHXH của tôi"
    _shot(page, "si-book")

    page.get_by_test_id("lang-en").click()
    page.wait_for_url(f"{live.portal}/me/si-book")
    assert page.inner_text("h1") == "My SI book"
    _shot(page, "si-book-en")

    page.goto(f"{live.portal}/scorecard")
    logins = page.locator('[data-figure="eid_logins"] .value').inner_text()
    assert int(logins) >= 1
    assert page.locator("svg.chart rect").count() == 28
    _shot(page, "scorecard")

    page.goto(f"{live.portal}/me/benefits")
    assert page.get_by_test_id("retirement-date").is_visible()
    _shot(page, "benefits")


def test_the_portal_fits_a_phone(live: Live, chromium: Any, alice: Citizen) -> None:
    page = chromium.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live.portal}/auth/login?next=/me/si-book")
    page.fill('input[name="typed_id"]', alice.personal_id)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_role("button", name="Đồng ý · Allow").click()
    page.wait_for_url(f"{live.portal}/me/si-book")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    _shot(page, "si-book-phone")


def test_the_address_form_lists_the_communes_of_the_province_chosen(
    live: Live, chromium: Any, alice: Citizen
) -> None:
    page = chromium.new_page(viewport={"width": 375, "height": 800}, is_mobile=True)
    page.route("**/*", lambda route: route.abort() if "127.0.0.1" not in route.request.url
               else route.continue_())  # fmt: skip
    page.goto(f"{live.portal}/auth/login?next=/services/1.014162")
    page.fill('input[name="typed_id"]', alice.personal_id)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_role("button", name="Đồng ý · Allow").click()
    page.wait_for_url(f"{live.portal}/services/1.014162")
    communes = page.get_by_test_id("field-commune_code")
    assert communes.locator("option").count() == 1
    page.get_by_test_id("field-province_code").select_option("79")
    page.wait_for_selector('#f_commune_code option[value="26743"]', state="attached")
    assert communes.locator("option").count() == 169  # Hồ Chí Minh since 2025-07-01
    communes.select_option("26743")
    assert communes.input_value() == "26743"
    _shot(page, "service-address-communes-vi-375")
