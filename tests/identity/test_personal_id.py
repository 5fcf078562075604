import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.identity import (
    InvalidIdentifier,
    build_personal_id,
    check_personal_id_matches,
    parse_personal_id,
)
from ansinh.identity.reference_data import birth_registration_codes

DIGITS = "0123456789"
codes = st.sampled_from(sorted(birth_registration_codes()))
sexes = st.sampled_from(["M", "F"])
years = st.integers(1900, 2399)
serials = st.integers(0, 999_999)

# The century/sex table of Circular 07/2016/TT-BCA, written out as an independent oracle.
CENTURY_SEX_TABLE = [
    ("0", 1900, "M"),
    ("1", 1900, "F"),
    ("2", 2000, "M"),
    ("3", 2000, "F"),
    ("4", 2100, "M"),
    ("5", 2100, "F"),
    ("6", 2200, "M"),
    ("7", 2200, "F"),
    ("8", 2300, "M"),
    ("9", 2300, "F"),
]


@given(code=codes, sex=sexes, year=years, serial=serials)
def test_build_then_parse_round_trips(code: str, sex: str, year: int, serial: int) -> None:
    value = build_personal_id(birth_registration_code=code, sex=sex, birth_year=year, serial=serial)
    pid = parse_personal_id(value)
    assert pid.value == value
    assert pid.birth_registration_code == code
    assert pid.sex == sex
    assert pid.birth_year() == year
    assert pid.birth_century_start == year // 100 * 100
    assert value.endswith(f"{serial:06d}")
    assert check_personal_id_matches(pid, birth_year=year, sex=sex) == []


@pytest.mark.parametrize(("digit", "century_start", "sex"), CENTURY_SEX_TABLE)
def test_century_sex_digit_follows_the_circular(digit: str, century_start: int, sex: str) -> None:
    pid = parse_personal_id(f"079{digit}85000001")
    assert (pid.birth_century_start, pid.sex) == (century_start, sex)
    assert pid.birth_year() == century_start + 85


def test_parse_strips_surrounding_spaces() -> None:
    assert parse_personal_id("  001204000001\t").value == "001204000001"


def test_unknown_birth_registration_code_is_named_in_the_reason() -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_personal_id("003204000001")
    assert caught.value.kind == "personal_id"
    assert caught.value.reason == "birth-registration code 003 is not a province code"


def test_inner_spaces_are_not_accepted() -> None:
    with pytest.raises(InvalidIdentifier, match="character 4 \\(' '\\) is not a digit"):
        parse_personal_id("079 04000001")


@given(
    code=st.text("0123456789", min_size=3, max_size=3),
    rest=st.text("0123456789", min_size=9, max_size=9),
)
def test_rejection_never_quotes_the_full_value(code: str, rest: str) -> None:
    value = code + rest
    if code in birth_registration_codes():
        return
    with pytest.raises(InvalidIdentifier) as caught:
        parse_personal_id(value)
    assert value not in str(caught.value)


@given(code=codes, sex=sexes, year=years, serial=serials)
def test_repr_and_str_show_only_the_last_three_digits(
    code: str, sex: str, year: int, serial: int
) -> None:
    value = build_personal_id(birth_registration_code=code, sex=sex, birth_year=year, serial=serial)
    pid = parse_personal_id(value)
    for shown in (repr(pid), str(pid), f"{pid}"):
        assert shown == f"PersonalId(*********{value[-3:]})"
        assert sum(char.isdigit() for char in shown) == 3


def test_matching_details_give_no_reasons() -> None:
    pid = parse_personal_id("079304000001")
    assert check_personal_id_matches(pid, birth_year=2004, sex="F") == []
    assert check_personal_id_matches(pid, birth_year=None, sex=None) == []


def test_wrong_century_is_explained() -> None:
    pid = parse_personal_id("079104000001")
    assert check_personal_id_matches(pid, birth_year=2004, sex=None) == [
        "century/sex digit 1 means born 1900–1999 but the stated birth year is 2004"
    ]


def test_wrong_year_within_the_century_is_explained() -> None:
    pid = parse_personal_id("079085000001")
    assert check_personal_id_matches(pid, birth_year=1986, sex=None) == [
        "digits 5–6 give a birth year ending in 85 but the stated birth year is 1986"
    ]


def test_wrong_sex_is_explained() -> None:
    pid = parse_personal_id("079285000001")
    assert check_personal_id_matches(pid, birth_year=None, sex="F") == [
        "century/sex digit 2 means male but the stated sex is female"
    ]


def test_every_mismatch_is_listed() -> None:
    pid = parse_personal_id("079105000001")
    assert len(check_personal_id_matches(pid, birth_year=2004, sex="M")) == 3


@given(code=codes, sex=sexes, year=years, other=st.integers(1800, 2500), serial=serials)
def test_any_other_birth_year_is_a_mismatch(
    code: str, sex: str, year: int, other: int, serial: int
) -> None:
    value = build_personal_id(birth_registration_code=code, sex=sex, birth_year=year, serial=serial)
    reasons = check_personal_id_matches(parse_personal_id(value), birth_year=other, sex=None)
    assert (reasons == []) == (other == year)


def test_unknown_sex_is_a_programming_error() -> None:
    pid = parse_personal_id("079285000001")
    with pytest.raises(ValueError, match="sex must be 'M' or 'F'"):
        check_personal_id_matches(pid, birth_year=None, sex="male")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"birth_registration_code": "003"}, "not a province code"),
        ({"birth_year": 1899}, "birth year must be 1900–2399; got 1899"),
        ({"birth_year": 2400}, "birth year must be 1900–2399; got 2400"),
        ({"serial": -1}, "serial must be 0–999999; got -1"),
        ({"serial": 1_000_000}, "serial must be 0–999999; got 1000000"),
        ({"sex": "X"}, "sex must be 'M' or 'F'"),
    ],
)
def test_build_rejects_impossible_parts(arguments: dict[str, object], message: str) -> None:
    parts: dict[str, object] = {
        "birth_registration_code": "079",
        "sex": "M",
        "birth_year": 1990,
        "serial": 1,
    }
    with pytest.raises(ValueError, match=message):
        build_personal_id(**(parts | arguments))  # type: ignore[arg-type]
