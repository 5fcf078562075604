"""Citizen pages show only the citizen's own data, record the reads, and speak two languages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from ansinh.contributions.book.carry import carry_over
from ansinh.contributions.book.service import read_si_book
from ansinh.core.audit.models import AuditEvent
from ansinh.core.clock import frozen_at
from ansinh.core.security.actor import SYSTEM
from ansinh.health.models import Card, Facility
from ansinh.portal.models import PortalSession
from tests.portal.conftest import Citizen, login

TODAY = date(2026, 11, 24)


def test_pages_need_a_login(browser: TestClient) -> None:
    for path in ("/me/si-book", "/me/benefits", "/me/audit", "/me/applications"):
        answer = browser.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/auth/login?next={path}"


def test_the_landing_page_offers_the_national_e_id_login(browser: TestClient) -> None:
    page = browser.get("/")
    assert page.status_code == 200 and 'href="/auth/login"' in page.text
    assert "Đăng nhập bằng tài khoản định danh điện tử" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_the_language_switch_turns_the_portal_english(browser: TestClient) -> None:
    english = browser.get("/lang/en", params={"next": "/services"})
    assert english.url.path == "/services"
    assert "Online services" in english.text and '<html lang="en">' in english.text
    assert "Dịch vụ công trực tuyến" in browser.get("/lang/vi").text


def test_my_si_book_shows_my_periods_and_records_the_read(
    browser: TestClient, eid: TestClient, alice: Citizen, bob: Citizen, db_session: Session
) -> None:
    login(browser, eid, alice)
    page = browser.get("/me/si-book")
    assert page.status_code == 200
    assert alice.si_number in page.text and 'data-testid="si-periods"' in page.text
    assert bob.si_number not in page.text and bob.full_name not in page.text
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.subject == alice.si_number)
    ).one()
    assert (event.actor_kind, event.actor_id) == ("citizen", alice.si_number)


def test_my_si_book_shows_my_career_from_its_start(
    browser: TestClient, eid: TestClient, population: list[Citizen], db_session: Session
) -> None:
    carry_over(db_session=db_session)
    starts = dict(
        db_session.execute(
            text("SELECT si_number, min(first_month) FROM careers GROUP BY si_number")
        ).all()
    )
    citizen = min(
        (c for c in population if c.si_number in starts), key=lambda c: starts[c.si_number]
    )
    login(browser, eid, citizen)
    page = browser.get("/me/si-book").text
    first_month = re.search(r'<td data-label="[^"]+">(\d\d/\d{4})<', page)
    assert first_month is not None
    assert first_month.group(1) == starts[citizen.si_number].strftime("%m/%Y")
    assert int(page.split('data-testid="total-months">', 1)[1].split("<", 1)[0]) > 24


def test_my_benefits_estimate_my_retirement(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    login(browser, eid, alice)
    page = browser.get("/lang/en?next=/me/benefits")
    assert page.status_code == 200
    assert 'data-testid="retirement-date"' in page.text
    assert "one-time withdrawal" in page.text


def test_who_looked_at_my_data_lists_only_reads_of_my_data(
    browser: TestClient, eid: TestClient, alice: Citizen, bob: Citizen, db_session: Session
) -> None:
    db_session.add_all(
        [
            AuditEvent(
                actor_kind="officer",
                actor_id="le.thi.b",
                subject=alice.si_number,
                action="read",
                resource="registry.person",
                purpose="checking a claim for Alice",
            ),
            AuditEvent(
                actor_kind="officer",
                actor_id="le.thi.b",
                subject=bob.si_number,
                action="read",
                resource="registry.person",
                purpose="checking a claim for Bob",
            ),
        ]
    )
    db_session.flush()
    login(browser, eid, alice)
    page = browser.get("/me/audit")
    assert "checking a claim for Alice" in page.text
    assert "checking a claim for Bob" not in page.text


def test_my_hi_card_shows_the_signed_qr(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    login(browser, eid, alice)
    assert "Bạn chưa có thẻ BHYT" in browser.get("/me/hi-card").text
    db_session.add(
        Facility(code="79001", name="Trạm Y tế Phường 1", level="primary", province_code="79")
    )
    db_session.flush()
    db_session.add(
        Card(
            si_number=alice.si_number,
            object_code="DN",
            benefit_level=4,
            province_code="79",
            valid_from=date(2026, 1, 1),
            valid_to=date(2026, 12, 31),
            facility_code="79001",
        )
    )
    db_session.flush()
    page = browser.get("/me/hi-card")
    assert f"DN479{alice.si_number}" in page.text
    assert "data:image/svg+xml;base64," in page.text


def test_bad_input_on_pages_is_a_4xx(browser: TestClient, eid: TestClient, alice: Citizen) -> None:
    login(browser, eid, alice)
    assert browser.get("/lang/xx").status_code == 422
    assert browser.get("/me/audit", params={"page": "0"}).status_code == 422
    assert browser.get("/me/applications/not-a-reference").status_code == 422
    assert browser.get("/services/NO-SUCH-SERVICE").status_code == 404
    assert browser.get("/auth/login", params={"level": "3"}).status_code == 422


def test_the_si_book_is_the_contributions_record_and_falls_back_to_the_registry(
    alice: Citizen, db_session: Session
) -> None:
    recorded = read_si_book(
        db_session=db_session, actor=SYSTEM, si_number=alice.si_number, purpose="test", on=TODAY
    )
    assert recorded.source == "contributions"
    assert 0 < recorded.total_months <= 24 and recorded.periods
    derived = read_si_book(
        db_session=db_session,
        actor=SYSTEM,
        si_number=alice.si_number,
        purpose="test",
        on=TODAY,
        source="registry",
    )
    assert derived.source == "registry" and derived.total_months >= recorded.total_months
    assert derived.history() and all(p.salary > 0 for p in derived.history())


def _card_of_year(db_session: Session, si_number: str, object_code: str, year: int) -> Card:
    card = Card(
        si_number=si_number,
        object_code=object_code,
        benefit_level=4,
        province_code="79",
        valid_from=date(year, 1, 1),
        valid_to=date(year, 12, 31),
        facility_code="79001",
    )
    db_session.add(card)
    db_session.flush()
    return card


def test_in_december_my_hi_card_page_shows_this_year_and_next_year_cards(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    db_session.add(
        Facility(code="79001", name="Trạm Y tế Phường 1", level="primary", province_code="79")
    )
    db_session.flush()
    this_year = _card_of_year(db_session, alice.si_number, "DN", 2026)
    this_year.replaced_by = this_year.card_id
    db_session.flush()
    this_year.replaced_by = _card_of_year(db_session, alice.si_number, "GD", 2027).card_id
    db_session.flush()
    login(browser, eid, alice)
    # The e-ID sandbox signs with the real clock: log in now, keep the session until January.
    db_session.execute(update(PortalSession).values(expires_at=datetime(2027, 2, 1, tzinfo=UTC)))
    with frozen_at(date(2026, 12, 31)):
        page = browser.get("/me/hi-card").text
    assert f"DN479{alice.si_number}" in page and f"GD479{alice.si_number}" in page
    assert "Thẻ đang dùng đến hết ngày 31/12/2026" in page
    with frozen_at(date(2027, 1, 1)):
        page = browser.get("/me/hi-card").text
    assert f"DN479{alice.si_number}" not in page and f"GD479{alice.si_number}" in page
