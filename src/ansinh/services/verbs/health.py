"""Verbs of the HI card: change of the primary-care facility, reissue of the card as a PDF."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.documents import service as documents
from ansinh.health.cards import service as health
from ansinh.registry import service as registry
from ansinh.services.models import Application
from ansinh.services.verbs import Done


def _has_card(db_session: Session, si_number: str) -> None:
    if not health.has_card(db_session=db_session, si_number=si_number):
        raise Unprocessable("you have no current health-insurance card")


def primary_care_check(
    *, db_session: Session, si_number: str, answers: dict[str, Any], args: dict[str, str]
) -> None:
    """A current card, the window open today, another facility taking primary-care patients."""
    _has_card(db_session, si_number)
    window = health.primary_care_window(clock.today())
    if not window.open_on(clock.today()):
        raise Unprocessable(
            f"a change of primary-care facility is accepted from {window.opens:%d/%m/%Y} "
            f"to {window.closes:%d/%m/%Y}"
        )
    code = str(answers["facility_code"])
    if code == health.current_facility_code(db_session=db_session, si_number=si_number):
        raise Unprocessable("facility_code: this is already your primary-care facility")
    person = registry.get_person(db_session=db_session, si_number=si_number)
    codes = {
        f.code
        for f in health.primary_care_facilities(
            db_session=db_session, province_code=person.province_code
        )
    }
    if code not in codes:
        raise Unprocessable("facility_code: not a primary-care facility in your province")


def primary_care_apply(
    *, db_session: Session, application: Application, actor: Actor, args: dict[str, str]
) -> Done:
    """Move the card to the chosen facility from today."""
    code = str(application.payload["facility_code"])
    health.change_primary_care(
        db_session=db_session,
        actor=actor,
        si_number=application.si_number,
        facility_code=code,
        purpose=f"online service application {application.reference}",
    )
    return Done({"facility_code": code, "effective_on": clock.today().isoformat()})


def reissue_check(
    *, db_session: Session, si_number: str, answers: dict[str, Any], args: dict[str, str]
) -> None:
    """Only a current card can be reissued."""
    _has_card(db_session, si_number)


def reissue_apply(
    *, db_session: Session, application: Application, actor: Actor, args: dict[str, str]
) -> Done:
    """Issue the card again as a sealed PDF (the electronic card the clinic checks)."""
    issued = documents.issue_hi_card(
        db_session=db_session,
        actor=actor,
        si_number=application.si_number,
        purpose=f"online service application {application.reference}",
    )
    return Done({"document_id": issued.document_id})
