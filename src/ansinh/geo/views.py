"""Read-only API over the province reference data (no personal data, so no audit)."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from ansinh.core.clock import today
from ansinh.core.errors import NotFound, Unprocessable
from ansinh.geo.communes import communes_of
from ansinh.geo.provinces import (
    NotInForce,
    UnknownProvince,
    current_provinces,
    get_province,
    legacy_provinces,
)
from ansinh.geo.schemas import CommuneRead, ProvinceRead

router = APIRouter(prefix="/api/v1/geo", tags=["geo"])

OnQuery = Annotated[date | None, Query(description="Day to read the data on (ISO date).")]


@router.get("/provinces", response_model=list[ProvinceRead])
def list_provinces(
    era: Annotated[
        Literal["current", "legacy"],
        Query(description="current: the 34 provinces since 2025-07-01; legacy: the 63 before."),
    ] = "current",
    on: OnQuery = None,
) -> list[ProvinceRead]:
    """List the provinces of an era as on a day (default: today, or the last legacy day)."""
    try:
        provinces = current_provinces(on) if era == "current" else legacy_provinces(on)
    except NotInForce as exc:
        raise Unprocessable(str(exc)) from exc
    return [ProvinceRead.model_validate(p) for p in provinces]


@router.get("/provinces/{code}", response_model=ProvinceRead)
def read_province(
    code: Annotated[str, Path(description="2-digit province code.")], on: OnQuery = None
) -> ProvinceRead:
    """Return the province a code meant on a day (default today); codes were reused in 2025."""
    try:
        province = get_province(code, on=on or today())
    except UnknownProvince as exc:
        raise NotFound(str(exc)) from exc
    return ProvinceRead.model_validate(province)


@router.get("/provinces/{code}/communes", response_model=list[CommuneRead])
def list_communes(
    code: Annotated[
        str, Path(pattern=r"^\d{2}$", description="2-digit code of a province in force since 2025.")
    ],
) -> list[CommuneRead]:
    """List the communes, wards and special zones of a current province, by name."""
    communes = communes_of(code)
    if not communes:
        raise NotFound(f"{code} is not the code of a province in force since 2025-07-01")
    return [CommuneRead.model_validate(c) for c in communes]
