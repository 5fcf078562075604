"""Issue 19 item 7: banks by name, one open application, dated primary-care changes, addresses
from the geo data, and an HI card page that shows the holder, the five-years date and the QR."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.health.models import Card, Facility
from ansinh.services.models import Application
from tests.portal.conftest import Citizen, csrf_of, login


def _send(browser: TestClient, code: str, **answers: str) -> tuple[int, str]:
    form = browser.get(f"/services/{code}")
    sent = browser.post(
        f"/services/{code}", data={"csrf": csrf_of(form.text), **answers}, follow_redirects=False
    )
    return sent.status_code, sent.text


def test_the_bank_is_chosen_by_name_and_an_unknown_bank_or_bad_number_is_refused(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    login(browser, eid, alice, acr="LoA2", level=2)
    form = browser.get("/services/1.014176").text
    assert "NAPAS" not in form
    assert '<option value="970436" >Vietcombank — Ngân hàng TMCP Ngoại thương Việt Nam' in form
    holder = alice.full_name
    status, page = _send(
        browser,
        "1.014176",
        bank_bin="999999",
        account_number="0123456789",
        account_holder=holder,
    )
    assert status == 422 and "Ngân hàng: không phải ngân hàng nhận chi trả" in page
    status, page = _send(
        browser, "1.014176", bank_bin="970436", account_number="12345", account_holder=holder
    )
    assert status == 422 and "Số tài khoản" in page
    status, _ = _send(
        browser,
        "1.014176",
        bank_bin="970436",
        account_number="0123456789",
        account_holder=holder,
    )
    assert status == 303


def test_a_second_application_to_a_service_waits_for_the_first(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    login(browser, eid, alice)
    address = {"province_code": "79", "commune_code": "26743", "street": "Số 12 Lê Lợi"}
    first, _ = _send(browser, "1.014162", **address)
    assert first == 303
    second, page = _send(browser, "1.014162", **address)
    assert second == 422 and "Bạn đã có một yêu cầu cho dịch vụ này đang xử lý (HS-" in page
    # The database holds the rule too, whatever the path an application takes.
    db_session.add(
        Application(
            reference="HS-ZZZZZZZZZZ",
            service_code="1.014162",
            si_number=alice.si_number,
            level=1,
            status="submitted",
            payload={},
        )
    )
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_the_address_is_a_commune_of_the_province_chosen(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    login(browser, eid, alice)
    form = browser.get("/services/1.014162").text
    assert 'hx-get="/services/communes"' in form and "/static/htmx.min.js" in form
    options = browser.get("/services/communes?province_code=79").text
    assert '<option value="26743" >Phường Bến Thành</option>' in options
    assert "Phường Ba Đình" not in options
    assert browser.get("/static/htmx.min.js").status_code == 200
    status, page = _send(
        browser, "1.014162", province_code="01", commune_code="26743", street="Số 1"
    )
    assert status == 422 and "Xã, phường: không thuộc tỉnh, thành phố đã chọn" in page
    # Without JavaScript: the form sent with the province only comes back with its communes.
    status, page = _send(browser, "1.014162", province_code="01", commune_code="", street="")
    assert status == 422 and "Phường Ba Đình" in page and '<option value="01" selected>' in page


@pytest.fixture()
def card(db_session: Session, alice: Citizen) -> Card:
    """Alice's card at a commune health station, five years of HI reached in 2024."""
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
        five_years_from=date(2024, 3, 1),
    )
    db_session.add(card)
    db_session.flush()
    return card


def test_a_primary_care_change_that_changes_nothing_or_comes_late_is_refused(
    browser: TestClient, eid: TestClient, alice: Citizen, card: Card, db_session: Session
) -> None:
    login(browser, eid, alice)
    with clock.frozen_at(date(2026, 10, 3)):
        status, page = _send(browser, "1.014137", facility_code="79001")
    assert status == 422 and "đây đã là nơi đăng ký khám chữa bệnh ban đầu của bạn" in page
    with clock.frozen_at(date(2026, 11, 20)):
        status, page = _send(browser, "1.014137", facility_code="79002")
    assert status == 422 and "từ ngày 01/01/2027 đến ngày 15/01/2027" in page
    db_session.refresh(card)
    assert card.facility_code == "79001"


def test_the_hi_card_page_shows_the_holder_the_card_the_five_years_date_and_the_qr(
    browser: TestClient, eid: TestClient, alice: Citizen, card: Card
) -> None:
    login(browser, eid, alice)
    with clock.frozen_at(date(2026, 6, 1)):
        page = browser.get("/me/hi-card").text
    holder = page.split('data-testid="holder">')[1].split("<")[0]
    assert holder == alice.full_name
    assert card.code in page and "Trạm Y tế Phường 1" in page
    assert page.split('data-testid="five-years">')[1].startswith("01/03/2024")
    assert "Thời điểm đủ 5 năm liên tục" in page
    assert 'src="data:image/svg+xml;base64,' in page
