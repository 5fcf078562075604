"""The demo's month of claims gives every screen data, once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.claims.models import Claim
from ansinh.benefits.claims.seed import seed_demo_claims
from ansinh.core import clock
from tests.portal.conftest import Citizen, population  # noqa: F401 (fixture)


def test_a_month_of_claims_has_every_status_and_is_seeded_once(
    db_session: Session,
    population: list[Citizen],  # noqa: F811
) -> None:
    filed = seed_demo_claims(db_session, province_code="79", today=clock.today(), workers=40)
    assert filed > 10
    statuses = set(db_session.scalars(select(Claim.status)))
    assert {"granted", "refused", "pending_approval"} <= statuses, statuses
    assert db_session.scalar(select(Claim.claim_id).where(Claim.late_filing)) is not None
    assert seed_demo_claims(db_session, province_code="79", today=clock.today()) == 0
