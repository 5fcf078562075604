import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.identity import (
    InvalidIdentifier,
    PersonalId,
    SiNumber,
    parse_card_key,
    parse_hi_card_code,
)
from ansinh.identity.reference_data import hi_object_codes

DIGITS = "0123456789"
object_codes = st.sampled_from(sorted(hi_object_codes()))
levels = st.integers(1, 5)
provinces = st.text(DIGITS, min_size=2, max_size=2)
si_numbers = st.text(DIGITS, min_size=10, max_size=10)


@given(
    object_code=object_codes,
    level=levels,
    province=provinces,
    si_number=si_numbers,
    lower=st.lists(st.booleans(), min_size=2, max_size=2),
    spaces=st.lists(st.sampled_from(["", " ", "  ", "\t"]), min_size=5, max_size=5),
)
def test_code_parses_whatever_the_spacing_and_case(
    object_code: str,
    level: int,
    province: str,
    si_number: str,
    lower: list[bool],
    spaces: list[str],
) -> None:
    letters = "".join(c.lower() if low else c for c, low in zip(object_code, lower, strict=True))
    text = spaces[0].join(["", letters, str(level)]) + spaces[1] + province
    text = spaces[2] + text + spaces[3] + si_number + spaces[4]
    card = parse_hi_card_code(text)
    assert card.object_code == object_code
    assert card.benefit_level == level
    assert card.province_code == province
    assert card.si_number == SiNumber(si_number)
    assert card.value == f"{object_code}{level}{province}{si_number}"
    assert si_number not in repr(card)
    assert f"SiNumber(*******{si_number[-3:]})" in repr(card)


def test_example_shape_from_the_decision() -> None:
    card = parse_hi_card_code("gd4 01 0123456789")
    assert (card.object_code, card.benefit_level, card.province_code) == ("GD", 4, "01")
    assert card.value == "GD4010123456789"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("GD401012345678", "HI card code must be 15 characters (spaces aside); got 14"),
        ("ZZ4010123456789", "characters 1–2 'ZZ' are not a known HI object code"),
        ("4GD010123456789", "characters 1–2 '4G' are not a known HI object code"),
        ("GD0010123456789", "character 3 '0' is not a benefit level 1–5"),
        ("GD6010123456789", "character 3 '6' is not a benefit level 1–5"),
        ("GDA010123456789", "character 3 'A' is not a benefit level 1–5"),
        (
            "GD4O10123456789",
            "characters 4–5 (province code) must contain only digits 0–9; "
            "character 4 ('O') is not a digit",
        ),
        (
            "GD401012345678O",
            "characters 6–15 (SI number) must contain only digits 0–9; "
            "character 15 ('O') is not a digit",
        ),
    ],
)
def test_each_position_has_its_own_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_hi_card_code(text)
    assert caught.value.kind == "hi_card"
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("text", "kind", "parsed_type"),
    [
        (" 0123456789 ", "si_number", SiNumber),
        ("079204000001", "personal_id", PersonalId),
        ("GD4 01 0123456789", "hi_card", type(parse_hi_card_code("GD4010123456789"))),
    ],
)
def test_card_key_is_tagged_by_what_it_is(text: str, kind: str, parsed_type: type) -> None:
    key = parse_card_key(text)
    assert key.kind == kind
    assert isinstance(key.identifier, parsed_type)


@pytest.mark.parametrize("text", ["", "012345678", "01234567890", "0123456789012345"])
def test_card_key_of_another_length_is_rejected(text: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_card_key(text)
    assert caught.value.kind == "card_key"
    assert caught.value.reason == (
        "card key must be a 10-digit SI number, a 12-digit personal ID or a 15-character "
        f"HI card code; got {len(text)} characters"
    )


def test_card_key_passes_on_the_inner_reason() -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_card_key("003204000001")
    assert caught.value.kind == "personal_id"
