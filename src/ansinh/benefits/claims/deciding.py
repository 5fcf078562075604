"""Decide claims as a set: one read of books, persons and overlaps, the engine per claim."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import String, Uuid, select
from sqlalchemy.orm import Session

from ansinh.benefits.claims.branches import rule_of
from ansinh.benefits.claims.enums import Branch, ClaimStatus, Outcome
from ansinh.benefits.claims.facts import case_for
from ansinh.benefits.claims.models import Claim
from ansinh.contributions.book.service import histories
from ansinh.core.arrays import any_of
from ansinh.registry import service as registry
from ansinh.rules.engine import Computed
from ansinh.rules.reads import law
from ansinh.rules.service import get_benefit
from ansinh.rules.store import ParameterError

if TYPE_CHECKING:
    from ansinh.registry.models import Person

OPEN = (ClaimStatus.GRANTED.value, ClaimStatus.PENDING_APPROVAL.value)
SICK_PAY = (Branch.SICKNESS.value, Branch.CHILD_SICKNESS.value)
TAKEN = "days_taken_this_year"


@dataclass(frozen=True)
class Verdict:
    """What deciding one claim gave: a decision to record, or a reason to hold the claim."""

    claim: Claim
    outcome: Outcome | None = None
    result: Computed | None = None
    reasons: list[str] = field(default_factory=list)
    automatic: bool = False
    hold: str | None = None


@dataclass(frozen=True)
class Span:
    """A claim that blocks others of the same person and overlap key."""

    reference: str
    key: str
    start: date
    end: date
    granted: bool = False
    leave: tuple[str, str] | None = None
    """For sick pay: (branch, the child's birth date or ""), whose days count against a limit."""
    days: Decimal = Decimal(0)


def _leave(branch: str, facts: Mapping[str, Any]) -> tuple[str, str] | None:
    """What a claim's days count against within a year: own sick leave, or one child's."""
    if branch not in SICK_PAY:
        return None
    return branch, str(facts.get("child_birth_date") or "")


def open_spans(
    db_session: Session, si_numbers: Sequence[str], exclude: Sequence[uuid.UUID]
) -> dict[str, list[Span]]:
    """Granted or pending claims of these persons, other than `exclude`."""
    rows = db_session.execute(
        select(
            Claim.si_number,
            Claim.reference,
            Claim.overlap_key,
            Claim.period_from,
            Claim.period_to,
            Claim.status,
            Claim.branch,
            Claim.facts,
        ).where(
            any_of(Claim.si_number, si_numbers, String),
            Claim.status.in_(OPEN),
            ~any_of(Claim.claim_id, exclude, Uuid),
        )
    )
    spans: dict[str, list[Span]] = {}
    for si, reference, key, start, end, status, branch, facts in rows:
        spans.setdefault(si, []).append(
            _span(reference, key, start, end, status == ClaimStatus.GRANTED, branch, facts)
        )
    return spans


def _span(
    reference: str,
    key: str,
    start: date,
    end: date,
    granted: bool,
    branch: str,
    facts: Mapping[str, Any],
) -> Span:
    leave = _leave(branch, facts)
    days = Decimal(str(facts.get("leave_days") or 0)) if leave else Decimal(0)
    return Span(reference, key, start, end, granted, leave, days)


def _with_days_taken(claim: Claim, spans: Sequence[Span]) -> dict[str, Any]:
    """Sick pay's facts with the days taken this year: the line's figure or, if more, the days
    this agency granted (another payer's days are known only from the line)."""
    if claim.branch not in SICK_PAY:
        return claim.facts
    stated = Decimal(str(claim.facts.get(TAKEN) or 0))
    return claim.facts | {TAKEN: max(stated, days_taken(claim, spans))}


def days_taken(claim: Claim, spans: Sequence[Span]) -> Decimal:
    """Days of the same leave granted earlier in the claim's calendar year (sick pay's limit)."""
    leave = _leave(claim.branch, claim.facts)
    return sum(
        (
            s.days
            for s in spans
            if s.granted
            and s.leave == leave
            and s.start.year == claim.period_from.year
            and s.start < claim.period_from
        ),
        Decimal(0),
    )


def _conflict(claim: Claim, spans: list[Span]) -> str | None:
    once = rule_of(claim.branch).once
    for span in spans:
        if span.key == claim.overlap_key and (
            once or (span.start <= claim.period_to and claim.period_from <= span.end)
        ):
            return (
                f"already claimed: claim {span.reference} covers the same "
                f"{'benefit' if once else 'days, child or event'} ({claim.overlap_key})"
            )
    return None


@cache
def _auto_grant(on: date) -> tuple[frozenset[str], Decimal]:
    """The procedures decided without an officer on a day, and the amount above which not."""
    procedures = law("claims/auto_grant_procedures", on)
    ceiling = law("claims/auto_grant_max_amount", on)
    listed = frozenset(str(p) for p in procedures) if isinstance(procedures, list) else frozenset()
    return listed, Decimal(str(ceiling))


def _auto(procedure: str, amount: int | None, on: date) -> bool:
    procedures, ceiling = _auto_grant(on)
    return procedure in procedures and (amount is None or Decimal(amount) <= ceiling)


def verdicts(
    db_session: Session,
    claims: Sequence[Claim],
    *,
    automatic: bool,
    today: date,
    persons: Mapping[str, Person] | None = None,
) -> list[Verdict]:
    """Decide each claim with the engine, the SI book and the claims already open.

    `persons`, if given, were read already (they must hold every claim's person).
    """
    si_numbers = sorted({c.si_number for c in claims})
    if persons is None:
        persons = registry.get_persons(db_session=db_session, si_numbers=si_numbers)
    books = histories(db_session=db_session, si_numbers=si_numbers, until=today)
    spans = open_spans(db_session, si_numbers, [c.claim_id for c in claims])
    found: list[Verdict] = []
    for claim in sorted(claims, key=lambda c: (c.received_on, c.line_no or 0, c.reference)):
        rule = rule_of(claim.branch)
        mine = spans.setdefault(claim.si_number, [])
        conflict = _conflict(claim, mine)
        if conflict is not None:
            found.append(Verdict(claim, Outcome.REFUSED, None, [conflict], automatic))
            continue
        person = persons[claim.si_number]
        history = [p for p in books.get(claim.si_number, []) if p.start <= claim.period_from]
        case = case_for(
            rule,
            _with_days_taken(claim, mine),
            claim.period_from,
            history=history,
            date_of_birth=person.date_of_birth,
            sex=person.sex,
        )
        try:
            result = get_benefit(rule.benefit).compute_raw(case)
        except (ValidationError, ValueError, LookupError, ParameterError) as exc:
            found.append(Verdict(claim, hold=f"the rules engine cannot compute it: {exc}"[:500]))
            continue
        outcome = Outcome.GRANTED if result.eligible else Outcome.REFUSED
        auto = automatic and _auto(rule.procedure, result.amount, claim.received_on)
        found.append(Verdict(claim, outcome, result, list(result.reasons), auto))
        if outcome == Outcome.GRANTED:
            mine.append(
                _span(
                    claim.reference,
                    claim.overlap_key,
                    claim.period_from,
                    claim.period_to,
                    auto,
                    claim.branch,
                    claim.facts,
                )
            )
    return found
