"""Documents fixtures: the portal's synthetic province (people with SI books and HI cards)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from ansinh.core.clock import today
from ansinh.core.security.actor import Actor
from ansinh.documents import service
from ansinh.documents.schemas import Issued
from ansinh.health.models import Card, Facility
from tests.portal.conftest import Citizen, alice, population  # noqa: F401  (shared fixtures)

ACTOR = Actor(kind="citizen", id="test")
PURPOSE = "citizen downloading their own document in the portal"


@pytest.fixture()
def confirmation(db_session: Session, alice: Citizen) -> Issued:  # noqa: F811
    """Alice's confirmation of contribution record, just issued."""
    return service.issue_si_confirmation(
        db_session=db_session, actor=ACTOR, si_number=alice.si_number, purpose=PURPOSE
    )


@pytest.fixture()
def card(db_session: Session, alice: Citizen) -> Card:  # noqa: F811
    """A card in force for Alice at a primary-care facility, five years since 2020."""
    db_session.add(
        Facility(code="79001", name="Trạm Y tế Bến Nghé", level="primary", province_code="79")
    )
    db_session.flush()
    issued = Card(
        si_number=alice.si_number,
        object_code="DN",
        benefit_level=4,
        province_code="79",
        valid_from=today() - timedelta(days=30),
        valid_to=today() + timedelta(days=300),
        facility_code="79001",
        five_years_from=date(2020, 1, 1),
    )
    db_session.add(issued)
    db_session.flush()
    return issued
