"""Status enums store the same strings the migrated schema's CHECK constraints allow."""

import re
from enum import StrEnum

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.benefits.claims.enums import ClaimStatus, Outcome
from ansinh.health.enums import CardStatus
from ansinh.linkage.enums import ReviewState
from ansinh.registry.enums import AuthStatus
from ansinh.services.enums import ApplicationStatus


@pytest.mark.parametrize(
    ("enum", "table", "column"),
    [
        (AuthStatus, "persons", "auth_status"),
        (CardStatus, "hi_cards", "status"),
        (ReviewState, "linkage_reviews", "state"),
        (ApplicationStatus, "service_applications", "status"),
        (ClaimStatus, "benefit_claims", "status"),
        (ClaimStatus, "benefit_claim_events", "status"),
        (Outcome, "benefit_decisions", "outcome"),
    ],
)
def test_every_member_is_a_stored_value_the_schema_allows(
    db_session: Session, enum: type[StrEnum], table: str, column: str
) -> None:
    definition = db_session.scalar(
        text(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = CAST(:table AS regclass) AND contype = 'c' "
            "AND pg_get_constraintdef(oid) LIKE '%' || :column || '%ANY%'"
        ),
        {"table": table, "column": column},
    )
    assert definition is not None
    assert set(re.findall(r"'([^']*)'", definition)) == {member.value for member in enum}
