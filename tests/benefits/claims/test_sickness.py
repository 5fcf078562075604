"""Sickness claims end to end: claim → certificate → decision → entitlement."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service
from ansinh.benefits.claims.enums import ClaimantKind, ClaimStatus
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.core.events.models import OutboxEvent

from .conftest import EMPLOYER, UNIT, Certify, Insure

ACCOUNT = {"channel": "account", "account_bin": "970436", "account_number": "0071000123456"}


def _line(si: str, serial: str, **extra: object) -> ClaimLine:
    return ClaimLine.model_validate(
        {
            "si_number": si,
            "branch": "sickness",
            "period_from": date(2026, 11, 2),
            "period_to": date(2026, 11, 4),
            "facts": {"leave_days": 3},
            "certificate_serials": [serial],
            **ACCOUNT,
            **extra,
        }
    )


def test_a_sick_leave_with_its_certificate_is_granted_and_entitled(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si = insure()
    serial = certify("sick_leave", si, from_date=date(2026, 11, 2), to_date=date(2026, 11, 4))
    batch = service.file_claims(
        db_session,
        lines=[_line(si, serial)],
        claimant_kind=ClaimantKind.EMPLOYER,
        received_on=date(2026, 11, 10),
        unit_code=UNIT,
        actor=EMPLOYER,
        purpose="employer claim list",
    )
    assert batch.problems == []
    (filed,) = batch.filed
    assert filed.status == ClaimStatus.GRANTED, filed
    dossier = service.claim_dossier(
        db_session, reference=filed.reference, actor=EMPLOYER, purpose="test"
    )
    decision = dossier.decisions[0]
    assert decision.amount == 1_125_000  # 12,000,000 × 75% / 24 × 3
    assert any(law["name"] == "sickness/rate" for law in decision.law)
    events = db_session.scalars(
        select(OutboxEvent.payload).where(OutboxEvent.name == "EntitlementGranted")
    ).all()
    assert [e["si_number"] for e in events] == [si]


def _taken(db_session: Session, reference: str) -> object:
    dossier = service.claim_dossier(db_session, reference=reference, actor=EMPLOYER, purpose="t")
    trace = dossier.decisions[0].trace or {}
    return next(s["value"] for s in trace["trace"] if s["name"] == "days_taken_this_year")


def _file(db_session: Session, line: ClaimLine, received_on: date) -> str:
    (filed,) = service.file_claims(
        db_session,
        lines=[line],
        claimant_kind=ClaimantKind.EMPLOYER,
        received_on=received_on,
        unit_code=UNIT,
        actor=EMPLOYER,
        purpose="employer claim list",
    ).filed
    assert filed.status == ClaimStatus.GRANTED, filed
    return filed.reference


def test_days_already_granted_this_year_count_against_the_annual_limit(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si = insure()
    serial = certify("sick_leave", si, from_date=date(2026, 11, 2), to_date=date(2026, 11, 4))
    assert _taken(db_session, _file(db_session, _line(si, serial), date(2026, 11, 5))) == 0
    serial = certify("sick_leave", si, from_date=date(2026, 11, 16), to_date=date(2026, 11, 17))
    later = _line(
        si,
        serial,
        period_from=date(2026, 11, 16),
        period_to=date(2026, 11, 17),
        facts={"leave_days": 2, "days_taken_this_year": 1},  # the line knows of fewer
    )
    assert _taken(db_session, _file(db_session, later, date(2026, 11, 18))) == 3
    serial = certify("sick_leave", None, from_date=date(2026, 11, 23), to_date=date(2026, 11, 23))
    child = _line(
        si,
        serial,
        branch="child_sickness",
        period_from=date(2026, 11, 23),
        period_to=date(2026, 11, 23),
        facts={"leave_days": 1, "child_birth_date": "2023-04-05"},
    )
    assert _taken(db_session, _file(db_session, child, date(2026, 11, 24))) == 0  # counted apart
