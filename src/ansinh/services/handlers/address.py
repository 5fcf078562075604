"""Update of the contact address: province, then commune, then street; an officer reviews it.

Province and commune are chosen from the geo reference data (the 34 provinces and their 3,321
communes since 2025-07-01), so the registry gets a province code it can use, not a guess.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.core.text import Text
from ansinh.geo import Commune, Province, UnknownCommune, UnknownProvince, get_commune
from ansinh.geo import get_province as province_of
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonUpdate
from ansinh.services.models import Application
from ansinh.services.schemas import OnlineService


class Form(BaseModel):
    """The new address: province and commune by code, then house number and street."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    province_code: Annotated[str, Field(pattern=r"^\d{2}$")]
    commune_code: Annotated[str, Field(pattern=r"^\d{5}$")]
    street: Annotated[Text, Field(min_length=2, max_length=200)]


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


def check(*, db_session: Session, si_number: str, form: Form) -> None:
    """The person must be registered, and the commune must lie in the province."""
    place(form.province_code, form.commune_code)
    registry.get_person(db_session=db_session, si_number=si_number)


def apply(*, db_session: Session, application: Application, actor: Actor) -> dict[str, Any]:
    """Write the new address and its province to the registry."""
    payload = application.payload
    province, commune = place(str(payload["province_code"]), str(payload["commune_code"]))
    address = f"{payload['street']}, {commune.name}, {province.name}"
    change = PersonUpdate(address=address, province_code=province.code)
    registry.update_person(
        db_session=db_session,
        si_number=application.si_number,
        person_in=change,
        actor=actor,
        purpose=f"online service application {application.reference}",
    )
    return {"address": address, "province_code": province.code}


SERVICE = OnlineService(
    code="ADDRESS-UPDATE",
    name={"vi": "Thay đổi địa chỉ liên hệ", "en": "Update contact address"},
    summary={
        "vi": "Cập nhật địa chỉ liên hệ trong hồ sơ BHXH; cán bộ xem xét trong ngày làm việc.",
        "en": "Change the contact address on your SI record; an officer reviews it.",
    },
    level="full-process",
    channels=("portal", "eid_app"),
    domain="registry",
    form=Form,
    check=check,
    apply=apply,
)
