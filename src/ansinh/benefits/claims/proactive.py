"""Claims the agency opens itself from what it knows: pensions at retirement, maternity at birth.

Each is pre-filled from the SI book and the registry and waits for the person's (or employer's)
confirmation; an officer then decides it like any other. Nobody re-types what is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.claims.enums import Branch, ClaimantKind, ClaimStatus
from ansinh.benefits.claims.facts import SEXES
from ansinh.benefits.claims.filing import check_lines, first_steps, store
from ansinh.benefits.claims.models import Claim
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.contributions.book.service import histories
from ansinh.core.audit import service as audit
from ansinh.core.security.actor import SYSTEM
from ansinh.registry import service as registry
from ansinh.rules.history import add_months
from ansinh.rules.service import get_benefit

ACTOR = "system:proactive"
PURPOSE = "pre-fill a claim the person is entitled to"
INSURED_WITHIN_MONTHS = 12


def _already(db_session: Session, branch: Branch, si_numbers: Sequence[str]) -> set[str]:
    return set(
        db_session.scalars(
            select(Claim.si_number).where(
                Claim.branch == branch.value,
                Claim.si_number.in_(list(si_numbers)),
                Claim.status.not_in([ClaimStatus.REFUSED.value, ClaimStatus.REVOKED.value]),
            )
        )
    )


def prefill(db_session: Session, lines: Sequence[ClaimLine], *, on: date) -> int:
    """Store pre-filled claims awaiting confirmation; return how many."""
    filed, _ = check_lines(
        db_session,
        list(enumerate(lines, start=1)),
        claimant_kind=ClaimantKind.PROACTIVE,
        unit_code=None,
        received_on=on,
        batch_id=None,
        status=ClaimStatus.AWAITING_CONFIRMATION,
    )
    rows = [row for _, row in filed]
    store(db_session, rows, (first_steps(rows), ACTOR))
    audit.record(
        db_session=db_session,
        actor=SYSTEM,
        subjects=[row["si_number"] for row in rows],
        action="create",
        resource="benefits.claims",
        purpose=PURPOSE,
    )
    return len(rows)


def maternity_at_birth(
    db_session: Session, *, born: date, mother: str | None, father: str | None
) -> int:
    """Pre-fill the mother's childbirth and the father's leave when they were insured."""
    parents = {p: b for p, b in ((mother, Branch.CHILDBIRTH), (father, Branch.PATERNITY)) if p}
    books = histories(db_session=db_session, si_numbers=list(parents), until=born)
    since = add_months(born, -INSURED_WITHIN_MONTHS)
    lines = [
        ClaimLine(si_number=si, branch=branch, period_from=born, channel="cash")
        for si, branch in parents.items()
        if any(p.end >= since for p in books.get(si, []))
        and si not in _already(db_session, branch, [si])  # a parent or two: at most two reads
    ]
    return prefill(db_session, lines, on=born) if lines else 0


def pensions_due(db_session: Session, *, on: date) -> int:
    """Pre-fill a pension claim for everyone whose pension starts next month with the years
    the law asks for (the engine says both), unless one is already open."""
    start_from, start_before = add_months(on, 1), add_months(on, 2)
    retirement, pension = get_benefit("retirement_age"), get_benefit("pension")
    due: dict[str, date] = {}
    for person in db_session.scalars(registry.list_persons()):
        result = retirement.calculate_raw(
            {"date_of_birth": person.date_of_birth, "sex": SEXES[person.sex]}
        )
        start = result.outputs.get("retirement_pension_start") if result.eligible else None
        if start and start_from <= date.fromisoformat(start) < start_before:
            due[person.si_number] = date.fromisoformat(start)
    open_ = _already(db_session, Branch.PENSION, list(due))
    due = {si: start for si, start in due.items() if si not in open_}
    persons = registry.get_persons(db_session=db_session, si_numbers=list(due))
    books = histories(db_session=db_session, si_numbers=list(due), until=on)
    lines = []
    for si, start in due.items():
        person = persons[si]
        case = {
            "date_of_birth": person.date_of_birth,
            "sex": SEXES[person.sex],
            "retirement_date": start,
            "history": [p.model_dump() for p in books.get(si, [])],
            "tables_on": on,
        }
        if books.get(si) and pension.calculate_raw(case).eligible:
            lines.append(
                ClaimLine(si_number=si, branch=Branch.PENSION, period_from=start, channel="cash")
            )
    return prefill(db_session, lines, on=on) if lines else 0
