"""Codes mean different provinces before and after 2025-07-01; lookups always take a date."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.geo import (
    NotInForce,
    UnknownProvince,
    current_provinces,
    get_province,
    legacy_provinces,
    successor,
)

LAST_LEGACY_DAY = date(2025, 6, 30)
MERGER_DAY = date(2025, 7, 1)

# Fact sheet §4: new code -> old codes merged into it (Resolution 202/2025/QH15).
MERGED = {
    "01": "01", "04": "04", "08": "02 08", "11": "11", "12": "12", "14": "14", "15": "10 15",
    "19": "06 19", "20": "20", "22": "22", "24": "24 27", "25": "17 25 26", "31": "30 31",
    "33": "33 34", "37": "35 36 37", "38": "38", "40": "40", "42": "42", "44": "44 45",
    "46": "46", "48": "48 49", "51": "51 62", "52": "52 64", "56": "56 58", "66": "54 66",
    "68": "60 67 68", "75": "70 75", "79": "74 77 79", "80": "72 80", "82": "82 87",
    "86": "83 84 86", "91": "89 91", "92": "92 93 94", "96": "95 96",
}  # fmt: skip
SUCCESSOR = {old: new for new, olds in MERGED.items() for old in olds.split()}


def test_code_15_is_yen_bai_until_the_merger_and_lao_cai_after() -> None:
    assert get_province("15", on=LAST_LEGACY_DAY).name == "Yên Bái"
    assert get_province("15", on=MERGER_DAY).name == "Lào Cai"
    assert get_province("15", on=LAST_LEGACY_DAY).era == "legacy"
    assert get_province("15", on=MERGER_DAY).era == "2025"


def test_code_24_is_bac_giang_before_and_bac_ninh_after() -> None:
    assert get_province("24", on=LAST_LEGACY_DAY).name == "Bắc Giang"
    assert get_province("24", on=MERGER_DAY).name == "Bắc Ninh"


def test_thua_thien_hue_became_the_city_of_hue_in_2025() -> None:
    before = get_province("46", on=date(2024, 12, 31))
    after = get_province("46", on=date(2025, 1, 1))
    assert (before.name, before.kind) == ("Thừa Thiên Huế", "province")
    assert (after.name, after.kind, after.era) == ("Huế", "city", "legacy")


@pytest.mark.parametrize(
    ("code", "first_city_day"),
    [("75", date(2026, 4, 30)), ("22", date(2026, 9, 1)), ("24", date(2026, 9, 20))],
)
def test_provinces_upgraded_to_cities_in_2026(code: str, first_city_day: date) -> None:
    assert get_province(code, on=first_city_day - timedelta(days=1)).kind == "province"
    assert get_province(code, on=first_city_day).kind == "city"
    kinds = {p.code: p.kind for p in current_provinces(first_city_day)}
    assert kinds[code] == "city"


@pytest.mark.parametrize(("legacy_code", "new_code"), sorted(SUCCESSOR.items()))
def test_successor(legacy_code: str, new_code: str) -> None:
    assert successor(legacy_code).code == new_code
    assert successor(legacy_code, on=MERGER_DAY).era == "2025"


def test_successor_kind_follows_the_date() -> None:
    assert successor("70", on=MERGER_DAY).kind == "province"
    assert successor("70", on=date(2026, 4, 30)).kind == "city"


def test_successor_of_an_unknown_code() -> None:
    with pytest.raises(UnknownProvince, match="not the code of one of the 63 legacy provinces"):
        successor("28")


def test_successor_before_the_merger_is_refused() -> None:
    with pytest.raises(NotInForce, match="from 2025-07-01"):
        successor("74", on=LAST_LEGACY_DAY)


def test_retired_code_after_the_merger_explains_itself() -> None:
    with pytest.raises(UnknownProvince) as caught:
        get_province("67", on=MERGER_DAY)
    message = str(caught.value)
    assert "Đắk Nông until 2025-06-30" in message
    assert "part of Lâm Đồng (68)" in message


@pytest.mark.parametrize("code", ["99", "00", "1", "015", "ab", ""])
def test_code_that_never_existed(code: str) -> None:
    with pytest.raises(UnknownProvince, match="is not a province code"):
        get_province(code, on=MERGER_DAY)


def test_current_provinces_before_the_merger_are_refused() -> None:
    with pytest.raises(NotInForce, match="in force from 2025-07-01; 2025-06-30 is earlier"):
        current_provinces(LAST_LEGACY_DAY)


def test_legacy_provinces_after_the_merger_are_refused() -> None:
    with pytest.raises(NotInForce, match="until 2025-06-30; 2025-07-01 is later"):
        legacy_provinces(MERGER_DAY)


def test_legacy_provinces_default_to_their_last_day() -> None:
    names = {p.name for p in legacy_provinces()}
    assert "Huế" in names and "Thừa Thiên Huế" not in names
    assert "Thừa Thiên Huế" in {p.name for p in legacy_provinces(date(2020, 1, 1))}


@given(st.dates(min_value=MERGER_DAY, max_value=date(2100, 1, 1)))
def test_any_day_after_the_merger_has_34_provinces_found_by_code(day: date) -> None:
    provinces = current_provinces(day)
    assert len({p.code for p in provinces}) == 34
    assert all(get_province(p.code, on=day) == p for p in provinces)


@given(st.dates(min_value=date(2008, 8, 1), max_value=LAST_LEGACY_DAY))
def test_any_day_before_the_merger_has_63_provinces_found_by_code(day: date) -> None:
    provinces = legacy_provinces(day)
    assert len({p.code for p in provinces}) == 63
    assert all(get_province(p.code, on=day) == p for p in provinces)
