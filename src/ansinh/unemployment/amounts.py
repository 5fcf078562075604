"""Our own figure for a grant: the rules engine on the SI book, to check the centre's amount."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ansinh.contributions.book.service import histories
from ansinh.rules.history import Period
from ansinh.rules.service import get_benefit
from ansinh.unemployment.models import Claim

BENEFIT = "unemployment"
_books: ContextVar[dict[str, list[Period]] | None] = ContextVar("ui_books", default=None)


@dataclass(frozen=True)
class Ours:
    """The engine's monthly amount (None if it finds the claim ineligible) and months used."""

    amount: int | None
    months_used: int
    reasons: list[str]


@contextmanager
def preloaded(db_session: Session, claims: Sequence[Claim]) -> Iterator[None]:
    """Read the books of many claimants at once for the grants applied inside the block.

    Read to the latest termination: the formula counts no month after a claimant's own.
    """
    until = max((c.terminated_on for c in claims), default=None)
    found = (
        {}
        if until is None
        else histories(db_session=db_session, si_numbers=[c.si_number for c in claims], until=until)
    )
    token = _books.set(found)
    try:
        yield
    finally:
        _books.reset(token)


def _book(db_session: Session, claim: Claim) -> list[Period]:
    books = _books.get()
    if books is None or claim.si_number not in books:
        books = histories(
            db_session=db_session, si_numbers=[claim.si_number], until=claim.terminated_on
        )
    return books.get(claim.si_number, [])


def compute(db_session: Session, claim: Claim, *, carried_forward: int) -> Ours:
    """Run the unemployment formula on the claimant's compulsory months up to termination."""
    periods = [p for p in _book(db_session, claim) if p.scheme == "compulsory"]
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
