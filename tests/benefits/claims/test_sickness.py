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
