"""The online-services catalogue as JSON (public: no personal data)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from ansinh.identity.banks import banks_in_force
from ansinh.services.catalogue import catalogue
from ansinh.services.schemas import Channel, Level

router = APIRouter(prefix="/api/v1/services", tags=["online services"])


class ServiceRead(BaseModel):
    """One entry of the catalogue."""

    code: str
    name_vi: str
    name_en: str
    level: Level
    channels: list[Channel]
    min_eid_level: int
    available: bool


class BankRead(BaseModel):
    """A bank benefits can be paid into, as in the dated reference data."""

    model_config = ConfigDict(from_attributes=True)

    bin: str
    short_name: str
    name: str
    account_min_digits: int
    account_max_digits: int
    valid_from: date
    valid_to: date | None


@router.get("", response_model=list[ServiceRead])
def list_services() -> list[ServiceRead]:
    """Every online service, available ones first."""
    return [
        ServiceRead(
            code=s.code,
            name_vi=s.name["vi"],
            name_en=s.name["en"],
            level=s.level,
            channels=list(s.channels),
            min_eid_level=s.min_level,
            available=s.available,
        )
        for s in catalogue().values()
    ]


@router.get("/banks", response_model=list[BankRead])
def list_banks(
    on: Annotated[
        date | None, Query(description="Day to read the list on (default today).")
    ] = None,
) -> list[BankRead]:
    """The banks in force on a day, by short name, for the bank-account service."""
    return [BankRead.model_validate(b) for b in banks_in_force(on)]
