"""API shapes of the geo domain."""

from functools import cache
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from ansinh.geo.communes import CommuneKind
from ansinh.geo.provinces import Kind, current_provinces, merger_date


class ProvinceRead(BaseModel):
    """A province as the API shows it."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    code: str
    name: str
    kind: Kind


class CommuneRead(BaseModel):
    """A commune, ward or special zone as the API shows it."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    code: str
    name: str
    kind: CommuneKind


@cache
def _current_codes() -> frozenset[str]:
    return frozenset(p.code for p in current_provinces(merger_date()))


def _require_current_code(code: str) -> str:
    if code not in _current_codes():
        raise ValueError(
            f"{code} is not the code of one of the 34 provinces in force since {merger_date()}; "
            "convert codes of the 63 legacy provinces first"
        )
    return code


ProvinceCodeStr = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{2}$"), AfterValidator(_require_current_code)
]
"""The 2-digit code of a province in force since the 2025 merger."""
