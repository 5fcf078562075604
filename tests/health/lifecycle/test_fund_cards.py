"""Cards paid by a fund are issued as a set: each replaces its holder's card, audited, announced."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.events.models import OutboxEvent
from ansinh.core.security.actor import SYSTEM
from ansinh.health.lifecycle.service import issue_fund_cards
from ansinh.health.models import Card
from ansinh.health.schemas import FundCard
from tests.conftest import audit_trail
from tests.health.conftest import FACILITY, OTHER_FACILITY, make_person

WHY = "unemployment benefit decision"


def _fund_card(si_number: str) -> FundCard:
    return FundCard(
        si_number=si_number,
        object_code="TN",
        province_code="79",
        valid_from=date(2026, 12, 1),
        valid_to=date(2027, 2, 28),
    )


def _current(db_session: Session, si_number: str) -> Card:
    return db_session.scalars(
        select(Card).where(Card.si_number == si_number, Card.replaced_by.is_(None))
    ).one()


def test_a_set_replaces_held_cards_keeping_the_facility_and_gives_others_primary_care(
    db_session: Session, make_insured: Any
) -> None:
    holder = make_insured(facility_code=OTHER_FACILITY)
    newcomer = make_person(db_session)

    issued = issue_fund_cards(
        db_session=db_session,
        cards=[_fund_card(holder.person.si_number), _fund_card(newcomer.si_number)],
        actor=SYSTEM,
        purpose=WHY,
    )

    assert issued == 2
    renewed, first = (
        _current(db_session, holder.person.si_number),
        _current(db_session, newcomer.si_number),
    )
    db_session.refresh(holder.card)
    assert holder.card.replaced_by == renewed.card_id
    assert (renewed.object_code, renewed.facility_code) == ("TN", OTHER_FACILITY)
    assert (first.facility_code, first.valid_to) == (FACILITY, date(2027, 2, 28))
    assert renewed.benefit_level == first.benefit_level
    payloads = db_session.scalars(
        select(OutboxEvent.payload).where(OutboxEvent.name == "CardIssued")
    ).all()
    assert sorted((p["card_id"], p["renewal"]) for p in payloads) == sorted(
        [(renewed.card_id, True), (first.card_id, False)]
    )
    for si_number in (holder.person.si_number, newcomer.si_number):
        assert audit_trail(db_session, si_number) == [
            ("system", SYSTEM.id, "create", "health.card", WHY)
        ]


def test_one_person_twice_in_a_set_is_refused(db_session: Session, make_insured: Any) -> None:
    holder = make_insured()
    twice = [_fund_card(holder.person.si_number)] * 2

    with pytest.raises(ValueError, match="one fund card per person"):
        issue_fund_cards(db_session=db_session, cards=twice, actor=SYSTEM, purpose=WHY)
