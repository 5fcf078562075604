"""Verb of unemployment: the claim (Mẫu 10) is forwarded to the province's employment centre."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.registry import service as registry
from ansinh.services.models import Application
from ansinh.services.verbs import Done
from ansinh.unemployment import service as unemployment
from ansinh.unemployment.schemas import ClaimIn


def claim_check(
    *, db_session: Session, si_number: str, answers: dict[str, Any], args: dict[str, str]
) -> None:
    """Registered, and within 3 months of the end of the contract."""
    registry.get_person(db_session=db_session, si_number=si_number)
    ended = date.fromisoformat(str(answers["terminated_on"]))
    deadline = unemployment.filing_deadline(ended)
    if ended > clock.today():
        raise Unprocessable("Ngày chấm dứt hợp đồng lao động không thể ở tương lai.")
    if clock.today() > deadline:
        raise Unprocessable(f"Đã quá hạn nộp hồ sơ: hạn cuối là ngày {deadline:%d/%m/%Y}.")


def claim_apply(
    *, db_session: Session, application: Application, actor: Actor, args: dict[str, str]
) -> Done:
    """File the claim; the unemployment domain forwards it to the centre, which decides."""
    claim = unemployment.file_claim(
        db_session=db_session,
        si_number=application.si_number,
        claim_in=ClaimIn.model_validate(
            {
                "terminated_on": application.payload["terminated_on"],
                "province_code": application.payload["province_code"],
            }
        ),
        actor=actor,
        purpose=f"online service application {application.reference}",
    )
    return Done({"ui_claim": str(claim.claim_id)[:8]})
