"""Documents in the portal: my PDFs to download, and the public page that verifies them."""

from __future__ import annotations

import io
from datetime import date, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from ansinh.core.clock import today
from ansinh.core.security.actor import SYSTEM
from ansinh.documents import service as documents
from ansinh.health.models import Card, Facility
from tests.portal.conftest import Citizen, csrf_of, login
from tests.portal.scan import untranslated


def _pdf(response: httpx.Response) -> PdfReader:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    return PdfReader(io.BytesIO(response.content))


def _give_card(db_session: Session, si_number: str) -> None:
    db_session.add(Facility(code="79001", name="Trạm Y tế", level="primary", province_code="79"))
    db_session.flush()
    db_session.add(
        Card(
            si_number=si_number,
            object_code="DN",
            benefit_level=4,
            province_code="79",
            valid_from=today() - timedelta(days=30),
            valid_to=today() + timedelta(days=300),
            facility_code="79001",
            five_years_from=date(2021, 1, 1),
        )
    )
    db_session.flush()


def test_i_download_my_confirmation_and_my_card_as_sealed_pdfs(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    login(browser, eid, alice)
    assert 'href="/me/si-book/confirmation.pdf"' in browser.get("/me/si-book").text
    confirmation = _pdf(browser.get("/me/si-book/confirmation.pdf"))
    assert alice.full_name in confirmation.pages[0].extract_text()
    assert browser.get("/me/hi-card.pdf").status_code == 404
    _give_card(db_session, alice.si_number)
    assert 'href="/me/hi-card.pdf"' in browser.get("/me/hi-card").text
    card = _pdf(browser.get("/me/hi-card.pdf"))
    assert f"DN479{alice.si_number}" in card.pages[0].extract_text()
    issued = db_session.scalars(
        select(AuditEvent.purpose).where(
            AuditEvent.subject == alice.si_number,
            AuditEvent.resource == "documents.document",
            AuditEvent.action == "create",
        )
    ).all()
    assert issued == ["citizen downloading their own document in the portal"] * 2


def test_the_confirmation_service_gives_the_pdf_kept_as_issued(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    login(browser, eid, alice)
    form = browser.get("/services/1.014185")
    sent = browser.post(
        "/services/1.014185", data={"csrf": csrf_of(form.text)}, follow_redirects=False
    )
    reference = str(sent.headers["location"]).rsplit("/", 1)[1]
    page = browser.get(f"/me/applications/{reference}").text
    assert 'data-testid="document"' in page and "eyJ" not in page  # no raw JWS shown
    first = browser.get(f"/me/applications/{reference}/document")
    _pdf(first)
    again = browser.get(f"/me/applications/{reference}/document")
    assert again.content == first.content
    verdict = documents.verify_pdf(db_session=db_session, data=first.content)
    assert verdict.status == "genuine"


def _verdict_of(html: str) -> str:
    return html.split('data-status="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_verify_page_says_every_verdict_in_the_chosen_language(
    language: str, browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    issued = documents.issue_si_confirmation(
        db_session=db_session, actor=SYSTEM, si_number=alice.si_number, purpose="test"
    )
    token = issued.url.split("#", 1)[1]
    browser.get(f"/lang/{language}")
    pages = {"page": browser.get("/verify")}
    assert '<script src="/static/verify.js"' in pages["page"].text
    pages["genuine"] = browser.post("/verify", data={"seal": token})
    pages["upload"] = browser.post(
        "/verify", files={"file": ("a.pdf", issued.pdf, "application/pdf")}
    )
    edited = issued.pdf.replace(b"/Creator", b"/Creat0r", 1)
    pages["tampered"] = browser.post(
        "/verify", files={"file": ("a.pdf", edited, "application/pdf")}
    )
    pages["unknown"] = browser.post("/verify", data={"seal": "not-a-seal"})
    documents.revoke(
        db_session=db_session, actor=SYSTEM, document_id=issued.document_id, reason="test"
    )
    pages["revoked"] = browser.post("/verify", data={"seal": token})
    expected = {"genuine": "genuine", "upload": "genuine", "tampered": "tampered"}
    expected |= {"unknown": "unknown", "revoked": "revoked"}
    for name, status in expected.items():
        assert _verdict_of(pages[name].text) == status, name
    assert alice.full_name not in pages["genuine"].text
    assert alice.si_number not in pages["genuine"].text
    assert alice.si_number[-3:] in pages["genuine"].text
    login(browser, eid, alice)
    browser.get(f"/lang/{language}")
    pages["audit"] = browser.get("/me/audit")
    findings = {
        name: untranslated(answer.text, language)
        for name, answer in pages.items()
        if untranslated(answer.text, language)
    }
    assert findings == {}


def test_an_upload_too_large_for_a_document_is_not_read(browser: TestClient) -> None:
    huge = b"%PDF-1.4\n" + b"0" * 2_100_000
    answer = browser.post("/verify", files={"file": ("big.pdf", huge, "application/pdf")})
    assert answer.status_code == 200 and _verdict_of(answer.text) == "unknown"
