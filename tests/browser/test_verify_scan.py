"""A phone scanning a document's QR: the page posts the seal, shows the verdict, keeps no trace."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ansinh.core.security.actor import SYSTEM
from ansinh.documents import service as documents
from tests.browser.conftest import Live
from tests.browser.test_every_page import _check
from tests.portal.conftest import Citizen


def test_scanning_the_qr_shows_the_verdict_and_the_seal_reaches_no_address(
    live: Live, chromium: Any, alice: Citizen, db_session: Session
) -> None:
    issued = documents.issue_si_confirmation(
        db_session=db_session, actor=SYSTEM, si_number=alice.si_number, purpose="test"
    )
    db_session.commit()
    assert issued.url.startswith(f"{live.portal}/verify#")
    token = issued.url.split("#", 1)[1]
    context = chromium.new_context(
        viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(issued.url)
    verdict = page.locator('[data-testid="verdict"]')
    verdict.wait_for()
    assert verdict.get_attribute("data-status") == "genuine"
    assert alice.si_number[-3:] in verdict.inner_text()
    assert "#" not in page.url
    assert requested and all(token not in url for url in requested)
    assert _check(page, "verify-genuine", "vi", 375) == []
    context.close()
