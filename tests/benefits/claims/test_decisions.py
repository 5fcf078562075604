"""Refusals with reasons, overlaps, evidence holds, late filings, maker-checker, adjustments."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service
from ansinh.benefits.claims.enums import ClaimantKind, ClaimStatus, Outcome
from ansinh.benefits.claims.exceptions import FourEyes, NotSettled
from ansinh.benefits.claims.schemas import Adjustment, ClaimLine, ClaimRead, Refusal
from ansinh.core.events.models import OutboxEvent
from ansinh.core.security.actor import SYSTEM

from .conftest import CHECKER, EMPLOYER, MAKER, UNIT, Certify, Insure

SICK_FROM, SICK_TO = date(2026, 11, 2), date(2026, 11, 4)


def _sick_line(si: str, serials: list[str], **extra: Any) -> ClaimLine:
    return ClaimLine.model_validate(
        {
            "si_number": si,
            "branch": "sickness",
            "period_from": SICK_FROM,
            "period_to": SICK_TO,
            "facts": {"leave_days": 3},
            "certificate_serials": serials,
            "channel": "employer",
        }
        | extra
    )


def _file(db_session: Session, line: ClaimLine, received: date = date(2026, 11, 10)) -> ClaimRead:
    return service.file_claim(
        db_session,
        line=line,
        claimant_kind=ClaimantKind.EMPLOYER,
        received_on=received,
        unit_code=UNIT,
        actor=EMPLOYER,
        purpose="employer claim list",
    )


def _sick(db_session: Session, certify: Certify, si: str, holder: str | None = None) -> str:
    return certify("sick_leave", holder or si, from_date=SICK_FROM, to_date=SICK_TO)


def test_a_second_claim_for_the_same_days_is_refused_with_the_reason(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si = insure()
    first = _file(db_session, _sick_line(si, [_sick(db_session, certify, si)]))
    second = _file(db_session, _sick_line(si, [_sick(db_session, certify, si)]))
    assert first.status == ClaimStatus.GRANTED
    assert second.status == ClaimStatus.REFUSED
    (decision,) = service.claim_dossier(
        db_session, reference=second.reference, actor=MAKER, purpose="check"
    ).decisions
    assert decision.outcome == Outcome.REFUSED
    assert first.reference in decision.reasons[0]


def test_duplicates_inside_one_batch_are_refused_after_the_first(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si = insure()
    serial = _sick(db_session, certify, si)
    batch = service.file_claims(
        db_session,
        lines=[_sick_line(si, [serial]), _sick_line(si, [serial])],
        claimant_kind=ClaimantKind.EMPLOYER,
        received_on=date(2026, 11, 10),
        unit_code=UNIT,
        actor=EMPLOYER,
        purpose="employer claim list",
    )
    assert [f.status for f in batch.filed] == [ClaimStatus.GRANTED, ClaimStatus.REFUSED]


def test_a_certificate_for_another_person_holds_the_claim(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si, other = insure(), insure()
    claim = _file(db_session, _sick_line(si, [_sick(db_session, certify, si, holder=other)]))
    assert claim.status == ClaimStatus.HELD
    assert claim.hold_reason is not None and "another person" in claim.hold_reason


@pytest.mark.parametrize(
    ("serials", "reason"),
    [([], "certificate missing"), (["CT99999999"], "not received")],
)
def test_a_missing_certificate_holds_the_claim(
    db_session: Session, insure: Insure, serials: list[str], reason: str
) -> None:
    claim = _file(db_session, _sick_line(insure(), serials))
    assert claim.status == ClaimStatus.HELD
    assert claim.hold_reason is not None and reason in claim.hold_reason


def test_a_certificate_for_other_dates_holds_the_claim(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si = insure()
    serial = certify("sick_leave", si, from_date=date(2026, 10, 1), to_date=date(2026, 10, 3))
    claim = _file(db_session, _sick_line(si, [serial]))
    assert claim.hold_reason is not None and "other dates" in claim.hold_reason


def test_a_late_employer_filing_is_flagged_and_held_until_explained(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si = insure()
    serial = _sick(db_session, certify, si)
    handed_in = {"employer_received_on": date(2026, 11, 5)}
    # 7 working days after Thursday 5 November 2026: Monday 16 November.
    on_time = _file(db_session, _sick_line(si, [serial], **handed_in), date(2026, 11, 16))
    assert on_time.status == ClaimStatus.GRANTED and not on_time.late_filing
    other = insure()
    late = _file(
        db_session,
        _sick_line(other, [_sick(db_session, certify, other)], **handed_in),
        date(2026, 11, 17),
    )
    assert late.late_filing and late.status == ClaimStatus.HELD
    assert late.hold_reason is not None and "explanation" in late.hold_reason
    third = insure()
    explained = _file(
        db_session,
        _sick_line(
            third,
            [_sick(db_session, certify, third)],
            late_explanation="Payroll officer on sick leave",
            **handed_in,
        ),
        date(2026, 11, 17),
    )
    assert explained.late_filing and explained.status == ClaimStatus.GRANTED


def test_the_engine_refuses_with_its_reason(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    father = insure(sex="M", last=date(2026, 6, 1))  # not insured in the month of the birth
    line = ClaimLine(
        si_number=father,
        branch="paternity",
        period_from=date(2026, 11, 3),
        facts={"leave_start": "2026-11-04"},
        channel="employer",
    )
    assert _file(db_session, line).status == ClaimStatus.HELD  # no birth certificate yet
    serial = certify("birth", None, event_date=date(2026, 11, 3))
    claim = _file(db_session, line.model_copy(update={"certificate_serials": [serial]}))
    assert claim.status == ClaimStatus.REFUSED
    (decision,) = service.claim_dossier(
        db_session, reference=claim.reference, actor=MAKER, purpose="check"
    ).decisions
    assert "compulsory SI in the month of the birth" in decision.reasons[0]
    assert decision.maker == "system:ansinh" and decision.decided_at is not None


def test_the_maker_cannot_approve_and_neither_can_the_system(
    db_session: Session, insure: Insure
) -> None:
    si = insure(sex="M", born=date(1961, 1, 1), first=date(1995, 1, 1))
    claim = service.file_claim(
        db_session,
        line=ClaimLine(
            si_number=si, branch="pension", period_from=date(2026, 12, 1), channel="cash"
        ),
        claimant_kind=ClaimantKind.OFFICER,
        received_on=date(2026, 11, 10),
        actor=MAKER,
        purpose="pension dossier",
    )
    assert claim.status == ClaimStatus.PENDING_APPROVAL
    with pytest.raises(FourEyes):
        service.approve(db_session, reference=claim.reference, actor=MAKER, purpose="self")
    with pytest.raises(FourEyes):
        service.approve(db_session, reference=claim.reference, actor=SYSTEM, purpose="auto")
    decision = service.approve(
        db_session, reference=claim.reference, actor=CHECKER, purpose="check"
    )
    assert decision.checker == "officer:tran.thi.b" and decision.decided_at is not None


def test_an_adjustment_supersedes_the_decision_and_pays_the_difference(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si = insure()
    claim = _file(db_session, _sick_line(si, [_sick(db_session, certify, si)]))
    adjusted = service.adjust(
        db_session,
        reference=claim.reference,
        adjustment=Adjustment(facts={"leave_days": 2}, reason="one day worked after all"),
        actor=MAKER,
        purpose="adjustment",
    )
    assert adjusted.difference == -375_000  # one day of 12,000,000 × 75% / 24
    with pytest.raises(NotSettled):
        service.revoke(
            db_session,
            reference=claim.reference,
            refusal=Refusal(reasons=["x"]),
            actor=MAKER,
            purpose="revoke",
        )
    service.approve(db_session, reference=claim.reference, actor=CHECKER, purpose="check")
    entitlements = [
        e.amount
        for e in service.list_entitlements(db_session, actor=CHECKER, purpose="export")
        if e.claim_id == claim.claim_id
    ]
    assert sorted(entitlements) == [-375_000, 1_125_000]
    decisions = service.claim_dossier(
        db_session, reference=claim.reference, actor=MAKER, purpose="check"
    ).decisions
    assert decisions[0].supersedes == decisions[1].decision_id


def test_revoking_a_monthly_entitlement_ends_it(db_session: Session, insure: Insure) -> None:
    si = insure(sex="M", born=date(1961, 1, 1), first=date(1995, 1, 1))
    claim = service.file_claim(
        db_session,
        line=ClaimLine(
            si_number=si, branch="pension", period_from=date(2026, 12, 1), channel="cash"
        ),
        claimant_kind=ClaimantKind.OFFICER,
        received_on=date(2026, 11, 10),
        actor=MAKER,
        purpose="pension dossier",
    )
    service.approve(db_session, reference=claim.reference, actor=CHECKER, purpose="check")
    service.revoke(
        db_session,
        reference=claim.reference,
        refusal=Refusal(reasons=["unlawful receipt (Art. 75.2)"]),
        actor=MAKER,
        purpose="revoke",
    )
    service.approve(db_session, reference=claim.reference, actor=CHECKER, purpose="check")
    ended = db_session.scalars(
        select(OutboxEvent.payload).where(OutboxEvent.name == "EntitlementEnded")
    ).all()
    assert [e["reason"] for e in ended] == ["revoked"]
    assert (
        service.claims_of_person(db_session, si_number=si, actor=MAKER, purpose="check")[0].status
        == ClaimStatus.REVOKED
    )


def test_bad_lines_are_reported_by_number(db_session: Session, insure: Insure) -> None:
    si = insure()
    good = ClaimLine(
        si_number=si,
        branch="contraception",
        period_from=date(2026, 11, 3),
        facts={"method": "iud"},
        channel="employer",
    )
    bad_facts = good.model_copy(update={"facts": {"method": "laser"}})
    unknown = good.model_copy(update={"si_number": "7999999999"})
    batch = service.file_claims(
        db_session,
        lines=[good, bad_facts, unknown],
        claimant_kind=ClaimantKind.EMPLOYER,
        received_on=date(2026, 11, 10),
        unit_code=UNIT,
        actor=EMPLOYER,
        purpose="employer claim list",
    )
    assert [f.line for f in batch.filed] == [1]
    assert [(p.line, p.reasons[0].split(":")[0]) for p in batch.problems] == [
        (2, "method"),
        (3, "si_number"),
    ]


def test_a_held_claim_resumes_when_its_certificate_arrives(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si = insure()
    claim = _file(db_session, _sick_line(si, ["CT00000001"]))
    assert claim.status == ClaimStatus.HELD
    still = service.resume(db_session, reference=claim.reference, actor=MAKER, purpose="recheck")
    assert still.status == ClaimStatus.HELD
    assert _sick(db_session, certify, si) == "CT00000001"  # the facility's push arrives
    resumed = service.resume(db_session, reference=claim.reference, actor=MAKER, purpose="recheck")
    assert resumed.status == ClaimStatus.GRANTED and resumed.due_on is not None


def test_a_leave_before_the_holiday_calendar_is_a_line_problem(
    db_session: Session, insure: Insure
) -> None:
    old = ClaimLine(
        si_number=insure(),
        branch="contraception",
        period_from=date(2023, 3, 1),
        facts={"method": "iud"},
        channel="employer",
    )
    batch = service.file_claims(
        db_session,
        lines=[old],
        claimant_kind=ClaimantKind.EMPLOYER,
        received_on=date(2026, 11, 10),
        unit_code=UNIT,
        actor=EMPLOYER,
        purpose="employer claim list",
    )
    assert batch.filed == [] and "public_holidays" in batch.problems[0].reasons[0]
