"""A parent sees their children's TE cards on the portal; the read is audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from tests.portal.conftest import Citizen, login, make_child_of


def test_a_parent_sees_the_childs_card_and_the_read_is_audited(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    child = make_child_of(db_session, alice.si_number)
    login(browser, eid, alice)
    page = browser.get("/me/children")
    assert page.status_code == 200
    assert "Thẻ BHYT của con tôi" in page.text
    assert "Trần Minh An" in page.text and "TE · mức hưởng 1" in page.text
    assert "Lê Văn Khác" not in page.text
    read = db_session.scalars(
        select(AuditEvent.subject).where(AuditEvent.resource == "lifeevents.children")
    ).all()
    assert sorted(read) == sorted([alice.si_number, child])
