"""Our own figure for a grant: the rules engine on the SI book, to check the centre's amount."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ansinh.contributions.book.service import histories
from ansinh.rules.service import get_benefit
from ansinh.unemployment.models import Claim

BENEFIT = "unemployment"


@dataclass(frozen=True)
class Ours:
    """The engine's monthly amount (None if it finds the claim ineligible) and months used."""

    amount: int | None
    months_used: int
    reasons: list[str]


def compute(db_session: Session, claim: Claim, *, carried_forward: int) -> Ours:
    """Run the unemployment formula on the claimant's compulsory months up to termination."""
    found = histories(
        db_session=db_session, si_numbers=[claim.si_number], until=claim.terminated_on
    )
    periods = [p for p in found.get(claim.si_number, []) if p.scheme == "compulsory"]
    case = {
        "termination_date": claim.terminated_on,
        "filing_date": claim.filed_on,
        "contributions": [p.model_dump() for p in periods],
        "carried_forward_months": carried_forward,
    }
    try:
        result = get_benefit(BENEFIT).calculate_raw(case)
    except ValueError as exc:
        return Ours(None, 0, [str(exc).splitlines()[0]])
    if not result.eligible:
        return Ours(None, 0, result.reasons)
    return Ours(result.amount, int(result.outputs["contribution_months_used"]), [])
