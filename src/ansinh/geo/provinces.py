"""Provinces before and after the 2025 merger, looked up by code and date.

A code is never read without a date: in 2025 the 34 new provinces reused old codes, so 15 was
Yên Bái until 2025-06-30 and is Lào Cai from 2025-07-01.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType
from typing import Literal

from pydantic import TypeAdapter

from ansinh.core.clock import today
from ansinh.geo._tables import read_table

Kind = Literal["city", "province"]
Era = Literal["legacy", "2025"]


class UnknownProvince(LookupError):
    """No province matches the code or name asked for; the message says why."""


class NotInForce(ValueError):
    """The day asked for lies outside the era whose province list was asked for."""


@dataclass(frozen=True, slots=True)
class Province:
    """One province under one name and kind, for the days it held both (None: open-ended)."""

    code: str
    name: str
    kind: Kind
    valid_from: date | None
    valid_to: date | None
    era: Era

    def in_force_on(self, day: date) -> bool:
        """Tell whether this name and kind were in force on `day`."""
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or day <= self.valid_to)


_PROVINCE = TypeAdapter(Province)
_FILES: Mapping[Era, str] = {"legacy": "provinces_legacy.csv", "2025": "provinces_2025.csv"}


@cache
def province_history() -> tuple[Province, ...]:
    """Return every dated version of every province, legacy ones first, as in the data files."""
    return tuple(
        _PROVINCE.validate_python({**{k: v or None for k, v in row.items()}, "era": era})
        for era, name in _FILES.items()
        for row in read_table(name)
    )


@cache
def _merger() -> Mapping[str, str]:
    rows = read_table("province_merger_2025.csv")
    return MappingProxyType({row["legacy_code"]: row["new_code"] for row in rows})


@cache
def merger_date() -> date:
    """Return the first day of the 34-province structure (2025-07-01, read from the data)."""
    return min(p.valid_from for p in province_history() if p.era == "2025" and p.valid_from)


def _versions_on(era: Era, day: date) -> list[Province]:
    return [p for p in province_history() if p.era == era and p.in_force_on(day)]


def current_provinces(on: date | None = None) -> list[Province]:
    """Return the 34 provinces in force since 2025-07-01, with their kind on `on` (or today)."""
    day = on or today()
    if day < merger_date():
        raise NotInForce(
            f"The 34 provinces are in force from {merger_date()}; {day} is earlier "
            "(ask for the legacy provinces instead)."
        )
    return _versions_on("2025", day)


def legacy_provinces(on: date | None = None) -> list[Province]:
    """Return the 63 provinces in force until 2025-06-30, as on `on` (default their last day)."""
    last_day = merger_date() - timedelta(days=1)
    day = on or last_day
    if day > last_day:
        raise NotInForce(f"The 63 legacy provinces were in force until {last_day}; {day} is later.")
    return _versions_on("legacy", day)


def get_province(code: str, *, on: date) -> Province:
    """Return the province that `code` meant on the day `on`."""
    for province in province_history():
        if province.code == code and province.in_force_on(on):
            return province
    raise UnknownProvince(_why_unknown(code, on))


def successor(legacy_code: str, *, on: date | None = None) -> Province:
    """Return the 2025 province that took over a legacy one, with its kind on `on` (or today)."""
    new_code = _merger().get(legacy_code)
    if new_code is None:
        raise UnknownProvince(f"{legacy_code!r} is not the code of one of the 63 legacy provinces.")
    return next(p for p in current_provinces(on) if p.code == new_code)


def _why_unknown(code: str, on: date) -> str:
    versions = [p for p in province_history() if p.code == code]
    if not versions:
        return f"{code!r} is not a province code, before or after the 2025 merger."
    uses = "; ".join(f"{p.name} {_period(p)}" for p in versions)
    reason = f"No province had code {code} on {on}. Code {code} was: {uses}."
    if code in _merger() and on >= merger_date():
        heir = successor(code, on=on)
        reason += f" It has been part of {heir.name} ({heir.code}) since {merger_date()}."
    return reason


def _period(province: Province) -> str:
    if province.valid_from is None:
        return f"until {province.valid_to}"
    if province.valid_to is None:
        return f"from {province.valid_from}"
    return f"from {province.valid_from} to {province.valid_to}"
