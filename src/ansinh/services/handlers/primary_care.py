"""Change of the primary-care facility on the HI card (needs the health domain); decided at once.

Accepted only in the window the HI rules open at the start of each quarter, and only for another
facility; it takes effect on the day it is decided, which the form and the application show.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.health.cards import service as health
from ansinh.registry import service as registry
from ansinh.services.models import Application
from ansinh.services.schemas import OnlineService


class Form(BaseModel):
    """The facility chosen (5-digit code)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    facility_code: Annotated[str, Field(pattern=r"^\d{5}$")]


def check(*, db_session: Session, si_number: str, form: Form) -> None:
    """A current card, the window open today, another facility taking primary-care patients."""
    if not health.has_card(db_session=db_session, si_number=si_number):
        raise Unprocessable("you have no current health-insurance card")
    window = health.primary_care_window(clock.today())
    if not window.open_on(clock.today()):
        raise Unprocessable(
            f"a change of primary-care facility is accepted from {window.opens:%d/%m/%Y} "
            f"to {window.closes:%d/%m/%Y}"
        )
    current = health.current_facility_code(db_session=db_session, si_number=si_number)
    if form.facility_code == current:
        raise Unprocessable("facility_code: this is already your primary-care facility")
    person = registry.get_person(db_session=db_session, si_number=si_number)
    codes = {
        f.code
        for f in health.primary_care_facilities(
            db_session=db_session, province_code=person.province_code
        )
    }
    if form.facility_code not in codes:
        raise Unprocessable("facility_code: not a primary-care facility in your province")


def apply(*, db_session: Session, application: Application, actor: Actor) -> dict[str, Any]:
    """Move the card to the chosen facility."""
    code = str(application.payload["facility_code"])
    health.change_primary_care(
        db_session=db_session,
        actor=actor,
        si_number=application.si_number,
        facility_code=code,
        purpose=f"online service application {application.reference}",
    )
    return {"facility_code": code, "effective_on": clock.today().isoformat()}


SERVICE = OnlineService(
    code="HI-FACILITY",
    name={
        "vi": "Thay đổi nơi đăng ký khám chữa bệnh ban đầu",
        "en": "Change of primary-care facility",
    },
    summary={
        "vi": "Chọn cơ sở khám chữa bệnh ban đầu trong tỉnh nơi bạn sống.",
        "en": "Choose your primary-care facility in your province.",
    },
    level="full-process",
    channels=("portal", "eid_app"),
    domain="health",
    review="automatic",
    form=Form,
    check=check,
    apply=apply,
)
