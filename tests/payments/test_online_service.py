"""The online service 1.014176, once approved, pays the person into it from the next payroll."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.security.actor import Actor
from ansinh.payments.channels import channel_in_force
from ansinh.services import service as services
from tests.payments.conftest import make_person


def test_an_approved_bank_account_application_becomes_the_channel_next_month(
    db_session: Session,
) -> None:
    person = make_person(db_session, full_name="Phạm Thị Hồng")
    citizen = Actor(kind="citizen", id=person.si_number)
    officer = Actor(kind="officer", id="reviewer")
    with clock.frozen_at(date(2026, 11, 20)):
        application = services.submit(
            db_session=db_session,
            service=services.get_service("1.014176"),
            si_number=person.si_number,
            level=2,
            answers={
                "bank_bin": "970436",
                "account_number": "0011223344",
                "account_holder": "PHAM THI HONG",
            },
            actor=citizen,
        )
        services.take_into_review(db_session=db_session, application=application, actor=officer)
        services.decide(db_session=db_session, application=application, actor=officer, approve=True)
    assert application.result["effective_on"] == "2026-12-01"
    before = channel_in_force(
        db_session=db_session, si_number=person.si_number, month=date(2026, 11, 1)
    )
    after = channel_in_force(
        db_session=db_session, si_number=person.si_number, month=date(2026, 12, 1)
    )
    assert before is None
    assert after is not None and (after.kind, after.account_number, after.source) == (
        "account",
        "0011223344",
        "portal",
    )
