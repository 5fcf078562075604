"""Verb of benefits: the application becomes a claim the benefits domain decides with its rules.

The claim is filed on the day the application was received; the benefits engine grants, refuses
or holds it (for missing evidence) and the application's result names the claim and its status.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ansinh.benefits.claims import service as claims
from ansinh.benefits.claims.enums import ClaimantKind, ClaimStatus
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.registry import service as registry
from ansinh.services.models import Application
from ansinh.services.verbs import Done

LINE_FIELDS = ("period_from", "period_to", "channel", "account_bin", "account_number")


def _line(si_number: str, answers: dict[str, Any], branch: str) -> ClaimLine:
    facts = {k: v for k, v in answers.items() if k not in LINE_FIELDS}
    line = {k: answers[k] for k in LINE_FIELDS if answers.get(k) not in (None, "")}
    try:
        return ClaimLine.model_validate(
            {"si_number": si_number, "branch": branch, "facts": facts} | line
        )
    except ValueError as exc:
        raise Unprocessable(str(exc).splitlines()[-1].strip()) from None


def claim_check(
    *, db_session: Session, si_number: str, answers: dict[str, Any], args: dict[str, str]
) -> None:
    """The person must be registered and the claim line well formed."""
    registry.get_person(db_session=db_session, si_number=si_number)
    _line(si_number, answers, args["branch"])


def claim_apply(
    *, db_session: Session, application: Application, actor: Actor, args: dict[str, str]
) -> Done:
    """File the claim with the benefits domain, which decides it by its rules."""
    kind = (
        ClaimantKind.EMPLOYER if application.applicant_kind == "employer" else ClaimantKind.CITIZEN
    )
    received: date = application.received_on or clock.today()
    claim = claims.file_claim(
        db_session,
        line=_line(application.si_number, application.payload, args["branch"]),
        claimant_kind=kind,
        received_on=received,
        actor=actor,
        purpose=f"online service application {application.reference}",
    )
    facts = {"claim_reference": claim.reference, "claim_status": claim.status.value}
    if claim.hold_reason:
        facts["claim_hold_reason"] = claim.hold_reason
    if claim.status != ClaimStatus.REFUSED:
        return Done(facts)
    dossier = claims.claim_dossier(
        db_session,
        reference=claim.reference,
        actor=actor,
        purpose=f"online service application {application.reference}",
    )
    reasons = [r for d in dossier.decisions for r in d.reasons]
    return Done(facts, refusal="; ".join(reasons)[:500] or "Hồ sơ hưởng bị từ chối.")
