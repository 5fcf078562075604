"""Names in any spelling resolve to a province; old names resolve to today's successor."""

import unicodedata
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.core.text import strip_diacritics
from ansinh.geo import (
    Province,
    UnknownProvince,
    find_province,
    province_history,
    resolve_address,
    successor,
)

LAST_LEGACY_DAY = date(2025, 6, 30)
LEGACY = [p for p in province_history() if p.era == "legacy"]

SPELLINGS: dict[str, Callable[[str], str]] = {
    "as written": lambda name: name,
    "upper case": str.upper,
    "lower case": str.lower,
    "no diacritics": strip_diacritics,
    "no diacritics, upper case": lambda name: strip_diacritics(name).upper(),
    "decomposed": lambda name: unicodedata.normalize("NFD", name),
    "Tỉnh prefix": lambda name: f"Tỉnh {name}",
    "Thành phố prefix": lambda name: f"Thành phố {name}",
    "TP. prefix": lambda name: f"TP. {name}",
    "TP prefix, no diacritics": lambda name: f"TP {strip_diacritics(name)}",
    "extra spaces": lambda name: f"  {name.replace(' ', '   ')} ",
}


@pytest.mark.parametrize("province", LEGACY, ids=lambda p: p.name)
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_legacy_name_resolves_to_its_successor(province: Province, spelling: str) -> None:
    name = SPELLINGS[spelling](province.name)
    assert find_province(name) == successor(province.code)


@given(st.sampled_from(LEGACY), st.data())
def test_any_mix_of_case_resolves(province: Province, data: st.DataObject) -> None:
    size = len(province.name)
    upper = data.draw(st.lists(st.booleans(), min_size=size, max_size=size))
    name = "".join(
        c.upper() if up else c.lower() for c, up in zip(province.name, upper, strict=True)
    )
    assert find_province(name) == successor(province.code)


def test_2025_names_resolve_to_themselves() -> None:
    for p in province_history():
        if p.era == "2025" and p.valid_to is None:
            assert find_province(p.name).code == p.code


def test_old_names_resolve_to_the_merged_province() -> None:
    assert find_province("Bình Dương").code == "79"
    assert find_province("Yên Bái").code == "15"
    assert find_province("Lào Cai").code == "15"
    assert find_province("Hải Dương").code == "31"


def test_before_the_merger_names_resolve_to_the_legacy_province() -> None:
    assert find_province("Lào Cai", on=LAST_LEGACY_DAY).code == "10"
    assert find_province("Yên Bái", on=LAST_LEGACY_DAY).code == "15"
    bac_giang = find_province("Bắc Giang", on=LAST_LEGACY_DAY)
    assert (bac_giang.code, bac_giang.era) == ("24", "legacy")


def test_thua_thien_hue_resolves_to_the_version_in_force() -> None:
    assert find_province("Thừa Thiên Huế", on=date(2024, 6, 1)).name == "Thừa Thiên Huế"
    assert find_province("Thừa Thiên Huế", on=date(2025, 3, 1)).name == "Huế"


def test_kind_follows_the_date() -> None:
    assert find_province("Bình Phước", on=date(2026, 4, 29)).kind == "province"
    assert find_province("Bình Phước", on=date(2026, 4, 30)).kind == "city"


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("TP HCM", "79"),
        ("TP.HCM", "79"),
        ("Tp. Hồ Chí Minh", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("HCM", "79"),
        ("Sài Gòn", "79"),
        ("SAIGON", "79"),
        ("Thừa Thiên Huế", "46"),
        ("Thừa Thiên - Huế", "46"),
        ("Huế", "46"),
        ("TP Huế", "46"),
        ("BR-VT", "79"),
        ("Bà Rịa - Vũng Tàu", "79"),
        ("Bà Rịa–Vũng Tàu", "79"),
        ("Ba Ria Vung Tau", "79"),
        ("Hà Tây", "01"),
        ("Đắc Lắc", "66"),
        ("Daklak", "66"),
        ("Đăk Lăk", "66"),
        ("Đắk Nông", "68"),
        ("Kontum", "51"),
        ("Hoà Bình", "25"),
        ("Thanh Hoá", "38"),
        ("Bắc Cạn", "19"),
    ],
)
def test_aliases(alias: str, code: str) -> None:
    assert find_province(alias).code == code


def test_ha_tay_in_an_old_record_means_ha_noi() -> None:
    assert find_province("Hà Tây", on=date(2005, 1, 1)).name == "Hà Nội"


@pytest.mark.parametrize("name", ["Atlantis", "", "   ", "Tỉnh", "Quận 1", "Phường Bến Nghé"])
def test_unknown_names_are_refused(name: str) -> None:
    with pytest.raises(UnknownProvince, match="No province was named"):
        find_province(name)


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("12 Nguyễn Văn Đậu, P. 5, Q. Bình Thạnh, TP.HCM", "79"),
        ("Xã X, Huyện Y, Tỉnh Hải Dương", "31"),
        ("xa X, huyen Y, tinh hai duong", "31"),
        ("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh, Việt Nam", "79"),
        ("Thôn 3, Xã Ea Kao, TP. Buôn Ma Thuột, Đắk Lắk", "66"),
        ("Tổ 5; Phường Quyết Thắng; TP Biên Hòa; Tỉnh Đồng Nai", "75"),
        ("Số 1 Lê Lợi\nPhường Vĩnh Ninh\nThừa Thiên Huế", "46"),
        ("Khu 2, thị trấn Hùng Sơn, huyện Lâm Thao, Phú Thọ, Vietnam", "25"),
        ("Thôn Đông, xã Minh Tân, huyện Kiến Xương, Thái Bình", "33"),
    ],
)
def test_resolve_address(address: str, code: str) -> None:
    province = resolve_address(address)
    assert province is not None
    assert (province.code, province.era) == (code, "2025")


def test_resolve_decomposed_address() -> None:
    province = resolve_address(unicodedata.normalize("NFD", "Phường 1, Quận 3, TP Hồ Chí Minh"))
    assert province is not None and province.code == "79"


@pytest.mark.parametrize(
    "address", ["", "12 Nguyễn Huệ, Phường Bến Nghé, Quận 1", "Xã Hà Nam, Huyện Y", "Paris, France"]
)
def test_resolve_address_without_a_province(address: str) -> None:
    assert resolve_address(address) is None
