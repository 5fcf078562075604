"""The error rates of synthetic insured records, read once from `data/messiness.yaml`."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

Share = Annotated[float, Field(ge=0, le=1)]


class _Rates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def shares(self) -> dict[str, float]:
        """The rates by name, in file order."""
        return self.model_dump()


class _Exclusive(_Rates):
    """Errors of one field that exclude each other; their rates may add up to at most 1."""

    @model_validator(mode="after")
    def _at_most_one(self) -> _Exclusive:
        if sum(self.shares().values()) > 1:
            raise ValueError("exclusive error rates add up to more than 1")
        return self


class NameErrors(_Rates):
    """Independent errors in the full name."""

    dropped_middle: Share
    y_i_spelling: Share
    tone_placement: Share
    typo: Share
    no_marks: Share
    decomposed: Share
    upper_case: Share


class DateErrors(_Exclusive):
    """Mutually exclusive errors in the date of birth."""

    year_only: Share
    month_only: Share
    day_month_swap: Share
    placeholder_first_january: Share
    placeholder_1900: Share
    year_typo: Share
    missing: Share


class IdErrors(_Exclusive):
    """Mutually exclusive errors in the personal ID."""

    missing: Share
    old_id_card: Share
    transposed_digits: Share
    typo: Share
    relative: Share


class SexErrors(_Exclusive):
    """Mutually exclusive errors in the sex."""

    flipped: Share
    missing: Share


class ResidenceErrors(_Rates):
    """Independent errors in the province and address."""

    legacy_province_name: Share
    missing_province: Share
    moved: Share
    missing_address: Share


class Messiness(_Rates):
    """Every error rate of the synthetic insured records."""

    source: str = Field(min_length=10, exclude=True)
    note: str = Field(min_length=10, exclude=True)
    outsiders: Share
    twins: Share
    name: NameErrors
    date_of_birth: DateErrors
    personal_id: IdErrors
    sex: SexErrors
    residence: ResidenceErrors


@cache
def messiness() -> Messiness:
    """Return the error rates shipped with the package."""
    text = files("ansinh.synth").joinpath("data/messiness.yaml").read_text(encoding="utf-8")
    return Messiness.model_validate(yaml.safe_load(text))
