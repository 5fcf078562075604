"""File claim lines at once: validate each, look persons and certificates up per set, insert."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ansinh.benefits.claims import clocks
from ansinh.benefits.claims.branches import BranchRule, rule_of
from ansinh.benefits.claims.enums import ClaimantKind, ClaimStatus
from ansinh.benefits.claims.evidence import hold_reason
from ansinh.benefits.claims.facts import problems_of
from ansinh.benefits.claims.models import Claim
from ansinh.benefits.claims.schemas import ClaimLine, LineProblem
from ansinh.benefits.claims.settle import Steps, copy_dicts, timeline
from ansinh.health.evidence.service import certificates_by_serial
from ansinh.registry import service as registry
from ansinh.rules.store import ParameterError

if TYPE_CHECKING:
    from ansinh.registry.models import Person

LATE_UNEXPLAINED = (
    "late filing by the employer: the written explanation the law asks for is missing "
    "(Law 41/2024 Art. 92)"
)

due_on = cache(clocks.due_on)
filing_deadline = cache(clocks.filing_deadline)
procedure_code = cache(clocks.procedure_code)


def reference_of(claim_id: uuid.UUID) -> str:
    """The human reference of a claim, from its id."""
    return f"CD-{claim_id.hex[:12].upper()}"


def _line_problems(
    line: ClaimLine, rule: BranchRule, kind: ClaimantKind, received_on: date
) -> list[str]:
    reasons = problems_of(rule, line.facts, line.period_from)
    try:
        procedure_code(rule.procedure, received_on)
        _late(line, rule, kind, received_on)
    except ParameterError as exc:
        reasons.append(str(exc))
    return reasons


def _late(line: ClaimLine, rule: BranchRule, kind: ClaimantKind, received_on: date) -> bool:
    if kind != ClaimantKind.EMPLOYER or not rule.short_term:
        return False
    leave_end = line.period_to or line.period_from
    return received_on > filing_deadline(leave_end, line.employer_received_on)


def check_lines(
    db_session: Session,
    lines: Sequence[tuple[int, ClaimLine]],
    *,
    claimant_kind: ClaimantKind,
    unit_code: str | None,
    received_on: date,
    batch_id: uuid.UUID | None,
    status: ClaimStatus,
    persons: Mapping[str, Person] | None = None,
) -> tuple[list[tuple[int, dict[str, Any]]], list[LineProblem]]:
    """A claim row per valid line (held when its evidence or explanation is missing), and the
    problems of the others; nothing is written. `persons`, if given, were read already."""
    problems: list[LineProblem] = []
    valid: list[tuple[int, ClaimLine, BranchRule]] = []
    for number, line in lines:
        rule = rule_of(line.branch)
        reasons = _line_problems(line, rule, claimant_kind, received_on)
        if reasons:
            problems.append(LineProblem(line=number, reasons=reasons))
        else:
            valid.append((number, line, rule))
    if persons is None:
        persons = registry.get_persons(
            db_session=db_session, si_numbers={line.si_number for _, line, _ in valid}
        )
    serials = {s for _, line, _ in valid for s in line.certificate_serials}
    found = certificates_by_serial(db_session, serials=serials) if serials else {}
    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    for number, line, rule in valid:
        person = persons.get(line.si_number)
        if person is None:
            problems.append(LineProblem(line=number, reasons=["si_number: no such insured person"]))
            continue
        period_to = line.period_to or line.period_from
        late = _late(line, rule, claimant_kind, received_on)
        held = hold_reason(
            rule,
            line.certificate_serials,
            found,
            si_number=line.si_number,
            personal_id=person.personal_id,
            period_from=line.period_from,
            period_to=period_to,
        ) or (LATE_UNEXPLAINED if late and not line.late_explanation else None)
        waiting = status == ClaimStatus.RECEIVED and held is not None
        complete = status == ClaimStatus.RECEIVED and held is None
        claim_id = uuid.uuid4()
        numbers.append(number)
        rows.append(
            {
                "claim_id": claim_id,
                "reference": reference_of(claim_id),
                "branch": line.branch.value,
                "procedure_code": procedure_code(rule.procedure, received_on),
                "si_number": line.si_number,
                "claimant_kind": claimant_kind.value,
                "unit_code": unit_code,
                "batch_id": batch_id,
                "line_no": number,
                "province_code": line.province_code or person.province_code,
                "status": (ClaimStatus.HELD if waiting else status).value,
                "hold_reason": held if waiting else None,
                "received_on": received_on,
                "complete_on": received_on if complete else None,
                "due_on": due_on(
                    rule.procedure,
                    received_on,
                    citizen_filed=claimant_kind == ClaimantKind.CITIZEN,
                    short_term=rule.short_term,
                )
                if complete
                else None,
                "late_filing": late,
                "late_explanation": line.late_explanation,
                "facts": line.model_dump(mode="json", include={"facts"})["facts"],
                "certificate_serials": line.certificate_serials,
                "channel": line.channel,
                "account_bin": line.account_bin,
                "account_number": line.account_number,
                "account_holder": line.account_holder,
                "period_from": line.period_from,
                "period_to": period_to,
                "overlap_key": rule.overlap,
            }
        )
    return list(zip(numbers, rows, strict=True)), sorted(problems, key=lambda p: p.line)


def first_steps(rows: Sequence[dict[str, Any]]) -> Steps:
    """The first step of each claim's timeline: received, or held with the reason."""
    return [(r["claim_id"], ClaimStatus(r["status"]), r["hold_reason"]) for r in rows]


def store(
    db_session: Session, rows: Sequence[dict[str, Any]], *timelines: tuple[Steps, str]
) -> None:
    """Insert the claims, with the timeline steps given (each group with its actor)."""
    if rows:
        copy_dicts(db_session, Claim, rows)
        timeline(db_session, *timelines)


def hold_of(db_session: Session, claim: Claim) -> str | None:
    """Why a stored claim must still wait (its evidence, or a missing explanation), or None."""
    person = registry.get_person(db_session=db_session, si_number=claim.si_number)
    serials = list(claim.certificate_serials)
    found = certificates_by_serial(db_session, serials=serials) if serials else {}
    held = hold_reason(
        rule_of(claim.branch),
        serials,
        found,
        si_number=claim.si_number,
        personal_id=person.personal_id,
        period_from=claim.period_from,
        period_to=claim.period_to,
    )
    return held or (LATE_UNEXPLAINED if claim.late_filing and not claim.late_explanation else None)
