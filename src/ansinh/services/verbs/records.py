"""Verbs of the SI record: confirmation of the contribution period, change of address."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.documents import service as documents
from ansinh.geo import Commune, Province, UnknownCommune, UnknownProvince, get_commune
from ansinh.geo import get_province as province_of
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonUpdate
from ansinh.services.models import Application
from ansinh.services.verbs import Done


def confirm_check(
    *, db_session: Session, si_number: str, answers: dict[str, Any], args: dict[str, str]
) -> None:
    """The person must be registered (an empty record is confirmed as empty)."""
    registry.get_person(db_session=db_session, si_number=si_number)


def confirm_apply(
    *, db_session: Session, application: Application, actor: Actor, args: dict[str, str]
) -> Done:
    """Seal the person's SI book as it stands today."""
    issued = documents.issue_si_confirmation(
        db_session=db_session,
        actor=actor,
        si_number=application.si_number,
        purpose=f"confirmation of contribution record {application.reference}",
    )
    return Done({"document_id": issued.document_id})


def place(province_code: str, commune_code: str) -> tuple[Province, Commune]:
    """The current province and its commune, or a refusal naming the field that is wrong."""
    try:
        province = province_of(province_code, on=clock.today())
    except UnknownProvince:
        raise Unprocessable("province_code: not a province in force") from None
    if province.era != "2025":
        raise Unprocessable("province_code: not a province in force")
    try:
        commune = get_commune(commune_code, province_code=province.code)
    except UnknownCommune:
        raise Unprocessable("commune_code: not a commune of the province chosen") from None
    return province, commune


def address_check(
    *, db_session: Session, si_number: str, answers: dict[str, Any], args: dict[str, str]
) -> None:
    """The person must be registered, and the commune must lie in the province."""
    place(str(answers["province_code"]), str(answers["commune_code"]))
    registry.get_person(db_session=db_session, si_number=si_number)


def address_apply(
    *, db_session: Session, application: Application, actor: Actor, args: dict[str, str]
) -> Done:
    """Write the new address and its province to the registry."""
    payload = application.payload
    province, commune = place(str(payload["province_code"]), str(payload["commune_code"]))
    address = f"{payload['street']}, {commune.name}, {province.name}"
    registry.update_person(
        db_session=db_session,
        si_number=application.si_number,
        person_in=PersonUpdate(address=address, province_code=province.code),
        actor=actor,
        purpose=f"online service application {application.reference}",
    )
    return Done({"address": address})
