"""Modelling inputs of the synthetic data, loaded once from `synth/data/*.yaml` and validated.

These are demographic and economic modelling numbers, not law: legal quantities (minimum
wages and the like) are read from `ansinh.rules.store`.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ansinh.identity import Sex

Region = Literal["north", "central", "south"]
WageRegion = Literal["I", "II", "III", "IV"]
ContractType = Literal["indefinite", "definite", "short_term"]
WAGE_REGIONS: tuple[WageRegion, ...] = ("I", "II", "III", "IV")
CONTRACT_TYPES: tuple[ContractType, ...] = ("indefinite", "definite", "short_term")

ProvinceCode = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
Weight = Annotated[float, Field(ge=0)]
Share = Annotated[float, Field(ge=0, le=1)]
Words = Annotated[list[Annotated[str, StringConstraints(min_length=1)]], Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Documented(_Strict):
    source: str = Field(min_length=10)
    note: str = Field(min_length=10)


def _distinct(words: list[str]) -> list[str]:
    if len(words) != len(set(words)):
        raise ValueError("list entries must be distinct")
    return words


class AgeBand(_Strict):
    """Population (thousands) of one age band by sex."""

    lower: int = Field(alias="from", ge=0)
    male: Weight
    female: Weight


class LegacyProvince(_Strict):
    """Population (thousands) and broad region of one pre-2025 province."""

    population: Weight
    region: Region


class Migration(_Strict):
    """How many people live outside the successor of their birth province, and where."""

    mover_share: Share
    destinations: dict[ProvinceCode, Weight]
    other_destinations: Weight


class Population(_Documented):
    """Age pyramid, province populations and migration."""

    open_band_width: int = Field(gt=0)
    age_bands: list[AgeBand] = Field(min_length=1)
    provinces: dict[ProvinceCode, LegacyProvince]
    migration: Migration

    @field_validator("age_bands")
    @classmethod
    def _ascending_from_zero(cls, bands: list[AgeBand]) -> list[AgeBand]:
        lowers = [band.lower for band in bands]
        if lowers[0] != 0 or lowers != sorted(set(lowers)):
            raise ValueError("age bands must start at 0 and be strictly ascending")
        return bands


class MiddleNames(_Strict):
    """Middle-name weights for people born before and from the cohort split year."""

    before_split: dict[str, Weight]
    from_split: dict[str, Weight]


class Names(_Documented):
    """Surnames by region, middle names by sex and cohort, given names by sex."""

    surnames: dict[str, dict[Region, Weight]]
    cohort_split_year: int
    middle_names: dict[Sex, MiddleNames]
    zipf_exponent: float = Field(ge=0)
    given_names: dict[Sex, Words]

    @field_validator("given_names")
    @classmethod
    def _distinct_given(cls, names: dict[Sex, list[str]]) -> dict[Sex, list[str]]:
        return {sex: _distinct(words) for sex, words in names.items()}


class Places(_Documented):
    """Parts of synthetic street addresses."""

    house_number_max: int = Field(gt=0)
    ward_share: Share
    commune_kinds: dict[Literal["ward", "commune"], str]
    streets: Words
    communes: Words


class FirmSize(_Strict):
    """Truncated Lomax law of target headcounts: P(size >= s) = (1 + (s-1)/scale) ** -alpha."""

    alpha: float = Field(gt=0)
    scale: float = Field(gt=0)
    max: int = Field(ge=1)


class RegionShares(_Strict):
    """Share of employers in each minimum-wage region."""

    I: Weight  # noqa: E741 - the legal name of the region
    II: Weight
    III: Weight
    IV: Weight

    def weights(self) -> list[float]:
        """Return the shares in the order of WAGE_REGIONS."""
        return [getattr(self, region) for region in WAGE_REGIONS]


class WageRegions(_Strict):
    """Wage-region shares by current province, with a default."""

    default: RegionShares
    by_province: dict[ProvinceCode, RegionShares]

    def for_province(self, code: str) -> RegionShares:
        """Return the shares for one current province."""
        return self.by_province.get(code, self.default)


class Employers(_Documented):
    """Employer size law, naming and wage regions."""

    size: FirmSize
    legal_forms: dict[str, Weight]
    sectors: Words
    brand_syllables: Words
    wage_regions: WageRegions

    @field_validator("brand_syllables")
    @classmethod
    def _two_distinct(cls, words: list[str]) -> list[str]:
        if len(set(words)) < 2:
            raise ValueError("at least two distinct brand syllables are needed")
        return _distinct(words)


class SalaryMultiple(_Strict):
    """Parameters of the log-normal excess of a salary over the regional minimum."""

    mu: float
    sigma: float = Field(ge=0)


class Employment(_Documented):
    """Who works, for how long, under which contract and for how much."""

    min_start_age: int = Field(ge=0)
    share_by_age: dict[int, Share]
    province_factor: dict[ProvinceCode, Weight]
    max_share: Share
    cross_province_share: Share
    tenure_mean_years: float = Field(gt=0)
    ended_share: Share
    ended_within_years: float = Field(gt=0)
    min_tenure_days: int = Field(ge=1)
    contract_types: dict[ContractType, Weight]
    salary_rows: dict[Annotated[int, Field(ge=1, le=3)], Weight]
    salary_multiple: SalaryMultiple
    raise_min: float = Field(ge=0)
    raise_max: float = Field(ge=0)
    rounding: int = Field(ge=1)

    @field_validator("share_by_age")
    @classmethod
    def _band_starts(cls, shares: dict[int, float]) -> dict[int, float]:
        if any(lower < 0 or lower % 5 for lower in shares):
            raise ValueError("age bands must start at non-negative multiples of 5 years")
        return shares


class MonthRange(_Strict):
    """Inclusive bounds of a uniformly drawn number of months."""

    min: int = Field(ge=1)
    max: int = Field(ge=1)


class NextAfterSpell(_Strict):
    """Weights of what follows the end of an employment spell."""

    gap: Weight
    voluntary: Weight
    employer: Weight


class Careers(_Documented):
    """Working lives before the current job: spells, gaps and voluntary periods."""

    history_from: date
    voluntary_from: date
    start_age_min: int = Field(ge=0)
    start_age_max: int = Field(ge=0)
    former_share: Share
    step_months: MonthRange
    spell_end: Share
    gap_months: MonthRange
    voluntary_months: MonthRange
    next: NextAfterSpell


class Assumptions(_Strict):
    """All modelling inputs of the generator."""

    population: Population
    names: Names
    places: Places
    employers: Employers
    employment: Employment
    careers: Careers


def _load(name: str) -> object:
    text = files("ansinh.synth").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(unicodedata.normalize("NFC", text))


@cache
def assumptions() -> Assumptions:
    """Load and validate the modelling inputs once (all text normalised to NFC)."""
    return Assumptions.model_validate({name: _load(name) for name in Assumptions.model_fields})
