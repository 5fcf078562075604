"""Every portal page, in Vietnamese and in English, shows no raw key and (in Vietnamese) no English.

One walk per language through the citizen's pages, each service form (with and without errors),
applications in every status, error pages and the back office; each page is scanned.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.portal.officers import service as officers
from tests.portal.conftest import Citizen, csrf_of, login
from tests.portal.scan import untranslated

PASSWORD = "correct horse battery"


class Walk:
    """A browser that scans every page it opens."""

    def __init__(self, browser: TestClient, language: str) -> None:
        self.browser, self.language = browser, language
        self.findings: dict[str, list[str]] = {}

    def choose_language(self) -> None:
        """Set the language cookie, as the VI | EN switch does."""
        self.browser.get(f"/lang/{self.language}")

    def scan(self, name: str, html: str) -> str:
        """Note what the page shows untranslated; return the page."""
        found = untranslated(html, self.language)
        if found:
            self.findings[name] = found
        return html

    def open(self, path: str, status: int = 200) -> str:
        """Open and scan a page."""
        answer = self.browser.get(path)
        assert answer.status_code == status, (path, answer.status_code)
        return self.scan(path, answer.text)

    def apply(self, code: str, status: int = 303, **answers: str) -> str:
        """Send a service's form; return the application's reference (or the form shown again)."""
        form = self.open(f"/services/{code}")
        sent = self.browser.post(
            f"/services/{code}",
            data={"csrf": csrf_of(form), **answers},
            follow_redirects=False,
        )
        assert sent.status_code == status, sent.text
        if status != 303:
            return self.scan(f"{code} refused", sent.text)
        return str(sent.headers["location"]).rsplit("/", 1)[1]

    def officer(self, db_session: Session, role: str) -> None:
        """Log in as a new officer with `role`."""
        officers.create_officer(
            db_session=db_session,
            username=f"{role}.{self.language}",
            full_name=f"Cán bộ {role}",
            role=role,
            password=PASSWORD,
        )
        self.browser.cookies.clear()
        self.choose_language()
        self.browser.post(
            "/officer/login", data={"username": f"{role}.{self.language}", "password": PASSWORD}
        )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_is_said_in_the_chosen_language(
    language: str, browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    walk = Walk(browser, language)
    walk.choose_language()
    for path in ("/", "/services", "/scorecard", "/officer/login"):
        walk.open(path)
    walk.open("/auth/callback?state=forged&code=x", 400)

    login(browser, eid, alice, acr="LoA2", level=2)
    walk.choose_language()
    for path in ("/", "/me/si-book", "/me/hi-card", "/me/benefits", "/me/applications"):
        walk.open(path)
    confirmed = walk.apply("1.014185")
    walk.apply("1.014176", 422, bank_bin="12", account_number="x", account_holder="A")
    walk.apply(
        "1.014176", 422, bank_bin="970436", account_number="0123456789", account_holder="Ai Do"
    )
    walk.apply(
        "1.014176", 422, bank_bin="999999", account_number="0123456789", account_holder="Ai Do"
    )
    refused = walk.apply(
        "1.014176",
        bank_bin="970436",
        account_number="0123456789",
        account_holder=alice.full_name,
    )
    walk.open("/services/1.014137")
    walk.open("/services/communes?province_code=79")
    walk.apply("1.014162", 422, province_code="01", commune_code="26743", street="Lê Lợi")
    moved = walk.apply("1.014162", province_code="79", commune_code="26743", street="Số 12")
    walk.apply("1.014162", 422, province_code="79", commune_code="26740", street="Số 3")
    waiting = walk.apply("1.014163", period_from="2026-09-28", channel="cash")  # no document
    pension = walk.apply("1.014171", period_from="2026-10-01", channel="cash")
    walk.apply("1.014163", 422, period_from="x", channel="cheque")
    for path in (
        "/me/applications",
        f"/me/applications/{confirmed}",
        f"/me/applications/{waiting}",
        "/me/audit",
    ):
        walk.open(path)
    walk.open("/me/applications/HS-2222222222", 404)

    walk.officer(db_session, "reviewer")
    walk.open("/officer")
    for reference, decision in ((moved, "approve"), (refused, "reject"), (pension, "approve")):
        page = walk.open(f"/officer/applications/{reference}")
        browser.post(f"/officer/applications/{reference}/review", data={"csrf": csrf_of(page)})
        page = walk.open(f"/officer/applications/{reference}")
        browser.post(
            f"/officer/applications/{reference}/decide",
            data={"csrf": csrf_of(page), "decision": decision, "note": "Đã đối chiếu hồ sơ"},
        )
        walk.open(f"/officer/applications/{reference}")
    walk.officer(db_session, "supervisor")
    walk.open("/officer/accounts")
    walk.open("/officer/supervisor")
    walk.open(f"/officer/applications/{pension}")  # proposed: the supervisor may confirm it

    login(browser, eid, alice)
    walk.choose_language()
    for path in (f"/me/applications/{moved}", f"/me/applications/{refused}", "/me/audit"):
        walk.open(path)
    findings = {page: sorted(set(texts)) for page, texts in walk.findings.items()}
    assert not findings, json.dumps(findings, ensure_ascii=False, indent=1)
