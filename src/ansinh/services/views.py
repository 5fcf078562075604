"""The online-services catalogue as JSON (public: no personal data)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

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
