"""Reference tables for identifiers, loaded once from the YAML files in `data/`."""

from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

HiPayerGroup = Literal[
    "employee_and_employer",
    "social_insurance_fund",
    "state_budget",
    "state_budget_support",
    "household",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Source(_Strict):
    """Legal instrument a reference table comes from."""

    instrument: str
    note: str


class HiObjectCode(_Strict):
    """One HI card object code (characters 1–2 of the legacy card code)."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    group: HiPayerGroup
    meaning_en: str
    meaning_vi: str
    note: str | None = None


class _BirthRegistrationCodesFile(_Strict):
    source: _Source
    codes: dict[Annotated[str, StringConstraints(pattern=r"^\d{3}$")], str]


class _HiObjectCodesFile(_Strict):
    source: _Source
    codes: list[HiObjectCode]

    @field_validator("codes")
    @classmethod
    def _unique(cls, codes: list[HiObjectCode]) -> list[HiObjectCode]:
        seen = [entry.code for entry in codes]
        if len(seen) != len(set(seen)):
            raise ValueError("HI object codes must be unique")
        return codes


class _OldIdCardFile(_Strict):
    source: _Source
    valid_until: date


def _load(name: str) -> Any:
    """Parse one YAML file shipped in the package's `data/` folder."""
    text = files("ansinh.identity").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def birth_registration_codes() -> Mapping[str, str]:
    """Map each 3-digit birth-registration code of a personal ID to its province name."""
    data = _BirthRegistrationCodesFile.model_validate(_load("birth_registration_codes.yaml"))
    return MappingProxyType(data.codes)


@cache
def hi_object_codes() -> Mapping[str, HiObjectCode]:
    """Map each 2-letter HI card object code to its description."""
    data = _HiObjectCodesFile.model_validate(_load("hi_object_codes.yaml"))
    return MappingProxyType({entry.code: entry for entry in data.codes})


@cache
def old_id_card_valid_until() -> date:
    """Return the last day on which a 9-digit CMND could be used (Identity Law 26/2023/QH15)."""
    return _OldIdCardFile.model_validate(_load("old_id_card.yaml")).valid_until
