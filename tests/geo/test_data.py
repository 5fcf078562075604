"""Integrity of the province tables: counts, the merger mapping, dated versions, sources."""

from datetime import date, timedelta
from importlib.resources import files
from itertools import pairwise

import yaml

from ansinh.core.text import nfc
from ansinh.geo import current_provinces, legacy_provinces, merger_date, province_history
from ansinh.geo._tables import read_table

MERGER_DAY = date(2025, 7, 1)


def _merger() -> dict[str, str]:
    return {row["legacy_code"]: row["new_code"] for row in read_table("province_merger_2025.csv")}


def test_the_34_provinces_start_on_2025_07_01() -> None:
    assert merger_date() == MERGER_DAY


def test_counts() -> None:
    assert len(current_provinces(MERGER_DAY)) == 34
    assert len(current_provinces(date(2026, 11, 24))) == 34
    assert len(legacy_provinces()) == 63
    assert len(read_table("province_merger_2025.csv")) == 63


def test_codes_are_unique_on_any_day() -> None:
    assert len({p.code for p in current_provinces(MERGER_DAY)}) == 34
    assert len({p.code for p in legacy_provinces()}) == 63


def test_merger_maps_every_legacy_code_onto_every_new_code() -> None:
    merger = _merger()
    assert set(merger) == {p.code for p in legacy_provinces()}
    assert set(merger.values()) == {p.code for p in current_provinces(MERGER_DAY)}


def test_each_new_code_is_the_old_code_of_one_of_its_parts() -> None:
    merger = _merger()
    assert all(merger[new_code] == new_code for new_code in set(merger.values()))


def test_six_centrally_run_cities_on_the_merger_day() -> None:
    cities = {p.name for p in current_provinces(MERGER_DAY) if p.kind == "city"}
    assert cities == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


def test_nine_centrally_run_cities_after_the_2026_upgrades() -> None:
    cities = {p.code for p in current_provinces(date(2026, 11, 24)) if p.kind == "city"}
    assert cities == {"01", "46", "31", "48", "79", "92", "75", "22", "24"}


def test_versions_of_a_code_follow_each_other_without_gap_or_overlap() -> None:
    for era in ("legacy", "2025"):
        by_code: dict[str, list[tuple[date | None, date | None]]] = {}
        for p in province_history():
            if p.era == era:
                by_code.setdefault(p.code, []).append((p.valid_from, p.valid_to))
        for code, periods in by_code.items():
            for (_, end), (start, _) in pairwise(periods):
                assert end is not None and start == end + timedelta(days=1), code


def test_eras_meet_on_the_merger_day() -> None:
    for p in province_history():
        if p.era == "legacy":
            assert p.valid_to is not None and p.valid_to < MERGER_DAY
        else:
            assert p.valid_from is not None and p.valid_from >= MERGER_DAY


def test_codes_and_names_are_clean() -> None:
    for p in province_history():
        assert len(p.code) == 2 and p.code.isdigit()
        assert p.name == nfc(p.name)


def test_aliases_point_at_legacy_codes() -> None:
    legacy_codes = {p.code for p in legacy_provinces()}
    for row in read_table("aliases.csv"):
        assert row["legacy_code"] in legacy_codes, row["alias"]
        assert row["alias"] == nfc(row["alias"])


def test_sources_describe_every_data_file() -> None:
    data = files("ansinh.geo").joinpath("data")
    sources = yaml.safe_load(data.joinpath("sources.yaml").read_text(encoding="utf-8"))
    csv_files = {entry.name for entry in data.iterdir() if entry.name.endswith(".csv")}
    assert set(sources["files"]) == csv_files
    for described in sources["files"].values():
        assert described["confidence"] in {"H", "M", "L"}
        assert set(described["sources"]) <= set(sources["sources"])
