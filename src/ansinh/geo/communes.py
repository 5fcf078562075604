"""The 3,321 communes, wards and special zones of the 34 provinces in force since 2025-07-01."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Literal

from ansinh.core.text import fold
from ansinh.geo._tables import read_table

CommuneKind = Literal["commune", "ward", "special_zone"]


class UnknownCommune(LookupError):
    """No commune has that code in that province."""


@dataclass(frozen=True, slots=True)
class Commune:
    """One commune-level unit (xã, phường, đặc khu) by its 5-digit code."""

    province_code: str
    code: str
    name: str
    kind: CommuneKind


@cache
def _by_code() -> Mapping[str, Commune]:
    communes = (
        Commune(r["province_code"], r["code"], r["name"], r["kind"])  # type: ignore[arg-type]
        for r in read_table("communes_2025.csv")
    )
    return MappingProxyType({c.code: c for c in communes})


@cache
def communes_of(province_code: str) -> tuple[Commune, ...]:
    """The communes of a current province, by name (none for an unknown code)."""
    return tuple(
        sorted(
            (c for c in _by_code().values() if c.province_code == province_code),
            key=lambda c: fold(c.name.removeprefix("Phường ").removeprefix("Xã ")),
        )
    )


def get_commune(code: str, *, province_code: str) -> Commune:
    """The commune with `code`, which must lie in `province_code`, or UnknownCommune."""
    commune = _by_code().get(code)
    if commune is None or commune.province_code != province_code:
        raise UnknownCommune(f"{code} is not a commune of province {province_code}")
    return commune
