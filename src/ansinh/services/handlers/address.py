"""Update of the contact address: an officer reviews it, approval updates the registry."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ansinh.core.security.actor import Actor
from ansinh.core.text import Text
from ansinh.geo import resolve_address
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonUpdate
from ansinh.services.models import Application
from ansinh.services.schemas import OnlineService


class Form(BaseModel):
    """The new address, as the person writes it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    address: Annotated[Text, Field(min_length=5, max_length=300)]


def check(*, db_session: Session, si_number: str, form: Form) -> None:  # noqa: ARG001
    """The person must be registered."""
    registry.get_person(db_session=db_session, si_number=si_number)


def apply(*, db_session: Session, application: Application, actor: Actor) -> dict[str, Any]:
    """Write the new address (and the province it names, if any) to the registry."""
    address = str(application.payload["address"])
    province = resolve_address(address)
    change = PersonUpdate(address=address)
    if province is not None:
        change = PersonUpdate(address=address, province_code=province.code)
    registry.update_person(
        db_session=db_session,
        si_number=application.si_number,
        person_in=change,
        actor=actor,
        purpose=f"online service application {application.reference}",
    )
    return {"address": address, "province_code": province.code if province else None}


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
