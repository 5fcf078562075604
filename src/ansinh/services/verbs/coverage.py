"""Verb of coverage: an employer's posting is ruled on under the agreement (issued or refused)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ansinh.core.errors import Unprocessable, reasons_of
from ansinh.core.security.actor import Actor
from ansinh.coverage import service as coverage
from ansinh.coverage.schemas import PostingCreate
from ansinh.registry import service as registry
from ansinh.services.models import Application
from ansinh.services.verbs import Done


def _posting(si_number: str, answers: dict[str, Any]) -> PostingCreate:
    try:
        return PostingCreate.model_validate({"si_number": si_number} | answers)
    except ValidationError as exc:
        raise Unprocessable(reasons_of(exc.errors())) from None


def posting_check(
    *, db_session: Session, si_number: str, answers: dict[str, Any], args: dict[str, str]
) -> None:
    """The worker and the sending employer must be registered, the dates in order."""
    posting = _posting(si_number, answers)
    registry.get_person(db_session=db_session, si_number=si_number)
    registry.get_employer(db_session=db_session, unit_code=posting.unit_code)


def posting_apply(
    *, db_session: Session, application: Application, actor: Actor, args: dict[str, str]
) -> Done:
    """Issue the certificate (its own sealed PDF), or refuse with the agreement's reason."""
    applied = coverage.apply(
        db_session=db_session,
        actor=actor,
        purpose=f"online service application {application.reference}",
        posting=_posting(application.si_number, application.payload),
    )
    certificate = applied.certificate
    if certificate.status == "refused":
        return Done({"certificate": certificate.reference}, refusal=certificate.reason_vi)
    return Done({"certificate": certificate.reference})
