"""Geography: provinces before and after the 2025 merger, by code, date and name."""

from ansinh.geo.communes import Commune, UnknownCommune, communes_of, get_commune
from ansinh.geo.names import find_province, resolve_address
from ansinh.geo.provinces import (
    Era,
    Kind,
    NotInForce,
    Province,
    UnknownProvince,
    current_provinces,
    get_province,
    legacy_provinces,
    merger_date,
    province_history,
    successor,
)
from ansinh.geo.schemas import ProvinceCodeStr, ProvinceRead

__all__ = [
    "Commune",
    "UnknownCommune",
    "communes_of",
    "get_commune",
    "Era",
    "Kind",
    "NotInForce",
    "Province",
    "ProvinceCodeStr",
    "ProvinceRead",
    "UnknownProvince",
    "current_provinces",
    "find_province",
    "get_province",
    "legacy_provinces",
    "merger_date",
    "province_history",
    "resolve_address",
    "successor",
]
