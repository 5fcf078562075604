"""Find provinces by name, in any spelling people write, and in free-text addresses."""

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from types import MappingProxyType

from ansinh.core.clock import today
from ansinh.core.text import fold
from ansinh.geo._tables import read_table
from ansinh.geo.provinces import (
    Era,
    Province,
    UnknownProvince,
    get_province,
    merger_date,
    province_history,
    successor,
)

_NON_WORD = re.compile(r"[\W_]+")
# "Tỉnh X", "Thành phố X", "TP X", "TP. X" all name X.
_PREFIXES = (("tinh",), ("thanh", "pho"), ("tp",))
_ADDRESS_PARTS = re.compile(r"[,;\n]")


def _key(name: str) -> str:
    words = _NON_WORD.sub(" ", fold(name)).split()
    for prefix in _PREFIXES:
        if tuple(words[: len(prefix)]) == prefix:
            return " ".join(words[len(prefix) :])
    return " ".join(words)


def _index(names: Iterable[tuple[str, str]]) -> Mapping[str, str]:
    index: dict[str, str] = {}
    for name, code in names:
        key = _key(name)
        if index.setdefault(key, code) != code:
            raise ValueError(f"Province name {name!r} is ambiguous: codes {index[key]} and {code}")
    return MappingProxyType(index)


@cache
def _names(era: Era) -> Mapping[str, str]:
    official = [(p.name, p.code) for p in province_history() if p.era == era]
    if era == "2025":
        return _index(official)
    aliases = [(row["alias"], row["legacy_code"]) for row in read_table("aliases.csv")]
    return _index(official + aliases)


def _lookup(key: str, day: date) -> Province | None:
    if day >= merger_date():
        if (code := _names("2025").get(key)) is not None:
            return get_province(code, on=day)
        legacy_code = _names("legacy").get(key)
        return None if legacy_code is None else successor(legacy_code, on=day)
    code = _names("legacy").get(key)
    return None if code is None else get_province(code, on=day)


def find_province(name: str, *, on: date | None = None) -> Province:
    """Return the province `name` means on `on` (default today); old names give their successor."""
    day = on or today()
    province = _lookup(_key(name), day)
    if province is None:
        raise UnknownProvince(f"No province was named {name!r} on {day}.")
    return province


def resolve_address(address: str) -> Province | None:
    """Return today's province named in a comma-separated address, trying the last part first."""
    day = today()
    for part in reversed(_ADDRESS_PARTS.split(address)):
        if (province := _lookup(_key(part), day)) is not None:
            return province
    return None
