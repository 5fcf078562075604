"""Cards end on death as a set: on the day of death, audited per person, once."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ansinh.core.security.actor import SYSTEM
from ansinh.health.lifecycle.service import end_cards_on_death
from tests.conftest import audit_trail

WHY = "end the HI card of a person whose death the civil registry registered"


def test_deaths_end_current_cards_on_the_day_and_leave_withdrawn_ones(
    db_session: Session, make_insured: Any
) -> None:
    active, suspended, withdrawn = (
        make_insured(),
        make_insured(status="suspended"),
        make_insured(status="withdrawn"),
    )
    deaths = [
        (active.person.si_number, date(2026, 3, 9)),
        (suspended.person.si_number, date(2026, 5, 1)),
        (withdrawn.person.si_number, date(2026, 4, 2)),
    ]

    assert end_cards_on_death(db_session=db_session, deaths=deaths, actor=SYSTEM, purpose=WHY) == 2

    for insured, died_on in ((active, date(2026, 3, 9)), (suspended, date(2026, 5, 1))):
        db_session.refresh(insured.card)
        assert (insured.card.status, insured.card.status_reason) == ("ended", "death")
        assert insured.card.valid_to == insured.card.status_changed_on == died_on
        assert audit_trail(db_session, insured.person.si_number) == [
            ("system", SYSTEM.id, "update", "health.card", WHY)
        ]
    db_session.refresh(withdrawn.card)
    assert withdrawn.card.status == "withdrawn"
    assert audit_trail(db_session, withdrawn.person.si_number) == []
    assert end_cards_on_death(db_session=db_session, deaths=deaths, actor=SYSTEM, purpose=WHY) == 0
