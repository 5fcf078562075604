"""Every portal page in Chromium: Vietnamese and English, on a 375 px phone and a 1280 px desktop.

Each page must not overflow sideways, must pass axe-core with no serious or critical violation
(axe.min.js from the axe-playwright-python package, injected locally), and must show no raw key
or (in Vietnamese) English text. Screenshots: `<page>-<language>-<width>.png`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ansinh.health.models import Card, Facility
from ansinh.portal.officers import service as officers
from tests.browser.conftest import SCREENSHOTS, Live
from tests.portal.conftest import Citizen
from tests.portal.scan import untranslated

WIDTHS = (375, 1280)
CITIZEN_PAGES = {
    "home": "/",
    "si-book": "/me/si-book",
    "hi-card": "/me/hi-card",
    "benefits": "/me/benefits",
    "applications": "/me/applications",
    "claims": "/me/claims",
    "services": "/services",
    "service-address": "/services/1.014162",
    "service-facility": "/services/1.014137",
    "service-confirmation": "/services/1.014185",
    "service-card": "/services/1.002759",
    "audit": "/me/audit",
    "scorecard": "/scorecard",
    "verify": "/verify",
}
OFFICER_PAGES = {
    "officer-queue": "/officer",
    "officer-supervisor": "/officer/supervisor",
    "officer-accounts": "/officer/accounts",
    "officer-claims": "/officer/claims",
    "officer-claim-open": "/officer/claims/new/long-term",
}
SERIOUS = ("serious", "critical")
PASSWORD = "correct horse battery"


def _check(page: Any, name: str, language: str, width: int) -> list[str]:
    """What is wrong with the page open in `page`; its screenshot is taken either way."""
    from axe_playwright_python.sync_playwright import Axe

    page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}-{width}.png"), full_page=True)
    problems = [f"{name}: {text!r} untranslated" for text in untranslated(page.content(), language)]
    overflow = page.evaluate("document.documentElement.scrollWidth")
    if overflow > width:
        problems.append(f"{name}: {overflow} px wide at {width} px")
    violations = Axe().run(page).response["violations"]
    problems += [
        f"{name}: axe {v['id']} ({v['impact']}) on {len(v['nodes'])} elements"
        for v in violations
        if v["impact"] in SERIOUS
    ]
    return problems


def _walk(context: Any, base: str, pages: dict[str, str], language: str, width: int) -> list[str]:
    page = context.new_page()
    page.goto(f"{base}/lang/{language}")
    problems = []
    for name, path in pages.items():
        page.goto(base + path)
        problems += _check(page, name, language, width)
    page.close()
    return problems


def _log_in(context: Any, live: Live, alice: Citizen) -> None:
    page = context.new_page()
    page.goto(f"{live.portal}/auth/login?next=/")
    page.fill('input[name="typed_id"]', alice.personal_id)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_role("button", name="Đồng ý · Allow").click()
    page.wait_for_url(f"{live.portal}/")
    page.close()


@pytest.fixture()
def alices_card(db_session: Session, alice: Citizen) -> None:
    """A current HI card, so the card page shows the holder, the five-years date and the QR."""
    db_session.add(
        Facility(
            code="79001", name="Trạm Y tế Phường Bến Thành", level="primary", province_code="79"
        )
    )
    db_session.flush()
    db_session.add(
        Card(
            si_number=alice.si_number,
            object_code="DN",
            benefit_level=4,
            province_code="79",
            valid_from=date(2026, 1, 1),
            valid_to=date(2027, 12, 31),
            facility_code="79001",
            five_years_from=date(2024, 3, 1),
        )
    )
    db_session.commit()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.usefixtures("alices_card")
def test_citizen_pages_fit_read_well_and_speak_the_language(
    live: Live, chromium: Any, alice: Citizen, width: int
) -> None:
    context = chromium.new_context(
        viewport={"width": width, "height": 800}, is_mobile=width < 600, has_touch=width < 600
    )
    _log_in(context, live, alice)
    problems = []
    for language in ("vi", "en"):
        problems += _walk(context, live.portal, CITIZEN_PAGES, language, width)
    context.close()
    assert problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_back_office_fits_reads_well_and_speaks_the_language(
    live: Live, chromium: Any, db_session: Session, width: int
) -> None:
    officers.create_officer(
        db_session=db_session,
        username="giam.sat",
        full_name="Trần Thị Giám Sát",
        role="supervisor",
        password=PASSWORD,
    )
    db_session.commit()
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{live.portal}/officer/login")
    problems = _check(page, "officer-login", "vi", width)
    page.fill('input[name="username"]', "giam.sat")
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(f"{live.portal}/officer")
    for language in ("vi", "en"):
        problems += _walk(context, live.portal, OFFICER_PAGES, language, width)
    context.close()
    assert problems == []


def test_the_menu_folds_behind_one_button_on_a_phone(
    live: Live, chromium: Any, alice: Citizen
) -> None:
    context = chromium.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    _log_in(context, live, alice)
    page = context.new_page()
    page.goto(f"{live.portal}/me/si-book")
    menu = page.locator("#main-menu")
    assert not menu.is_visible()
    page.locator(".menu-toggle").click()
    assert menu.is_visible()
    assert page.locator(".menu-toggle").get_attribute("aria-expanded") == "true"
    context.close()
