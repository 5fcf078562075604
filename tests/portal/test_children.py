"""A parent sees their children's TE cards on the portal; the read is audited."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from ansinh.health.models import Card
from ansinh.lifeevents.models import Birth
from tests.health.conftest import make_person
from tests.portal.conftest import Citizen, login


def test_a_parent_sees_the_childs_card_and_the_read_is_audited(
    browser: TestClient, eid: TestClient, alice: Citizen, db_session: Session
) -> None:
    born = date(2026, 11, 20)
    child = make_person(db_session, full_name="Trần Minh An", date_of_birth=born, sex="M")
    stranger = make_person(db_session, full_name="Lê Văn Khác", date_of_birth=born, sex="M")
    db_session.add_all(
        [
            Birth(
                child_si_number=child.si_number,
                record_id="KS-1",
                date_of_birth=born,
                mother_si_number=alice.si_number,
            ),
            Birth(child_si_number=stranger.si_number, record_id="KS-2", date_of_birth=born),
        ]
    )
    db_session.add(
        Card(
            si_number=child.si_number,
            object_code="TE",
            benefit_level=1,
            province_code="79",
            valid_from=born,
            valid_to=date(2032, 11, 19),
        )
    )
    db_session.flush()
    login(browser, eid, alice)
    page = browser.get("/me/children")
    assert page.status_code == 200
    assert "Thẻ BHYT của con tôi" in page.text
    assert "Trần Minh An" in page.text and "TE · mức hưởng 1" in page.text
    assert "Lê Văn Khác" not in page.text
    read = db_session.scalars(
        select(AuditEvent.subject).where(AuditEvent.resource == "lifeevents.children")
    ).all()
    assert sorted(read) == sorted([alice.si_number, child.si_number])
