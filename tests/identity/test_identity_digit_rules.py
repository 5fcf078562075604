"""Rules shared by every all-digit identifier: exact length, ASCII digits only, masked display."""

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.identity import (
    FacilityCode,
    InvalidIdentifier,
    OldIdCard,
    SiNumber,
    parse_facility_code,
    parse_old_id_card,
    parse_personal_id,
    parse_si_number,
)

DIGITS = "0123456789"
ALL_DIGIT_IDENTIFIERS = [
    pytest.param(parse_personal_id, 12, "personal_id", "personal ID", id="personal_id"),
    pytest.param(parse_si_number, 10, "si_number", "SI number", id="si_number"),
    pytest.param(
        parse_old_id_card, 9, "old_id_card", "old ID card (CMND) number", id="old_id_card"
    ),
    pytest.param(
        parse_facility_code, 5, "facility_code", "medical facility code", id="facility_code"
    ),
]
non_digits = st.characters().filter(lambda char: char not in DIGITS and not char.isspace())


@pytest.mark.parametrize(("parse", "length", "kind", "label"), ALL_DIGIT_IDENTIFIERS)
@given(text=st.text(DIGITS, max_size=20))
def test_wrong_length_is_rejected_with_the_count(
    parse: Callable[[str], object], length: int, kind: str, label: str, text: str
) -> None:
    if len(text) == length:
        return
    with pytest.raises(InvalidIdentifier) as caught:
        parse(text)
    assert caught.value.kind == kind
    assert caught.value.reason == f"{label} must be {length} digits; got {len(text)} characters"
    assert len(text) < 4 or text not in str(caught.value)


@pytest.mark.parametrize(("parse", "length", "kind", "label"), ALL_DIGIT_IDENTIFIERS)
@given(data=st.data())
def test_a_non_digit_is_rejected_with_its_position(
    parse: Callable[[str], object], length: int, kind: str, label: str, data: st.DataObject
) -> None:
    digits = data.draw(st.text(DIGITS, min_size=length - 1, max_size=length - 1))
    position = data.draw(st.integers(0, length - 1))
    bad = data.draw(non_digits)
    text = digits[:position] + bad + digits[position:]
    with pytest.raises(InvalidIdentifier) as caught:
        parse(text)
    assert caught.value.kind == kind
    assert caught.value.reason.startswith(f"{label} must contain only digits 0–9; ")
    assert f"character {position + 1} ({bad!r}) is not a digit" in caught.value.reason


@pytest.mark.parametrize("text", ["１２３４５６７８９０", "١٢٣٤٥٦٧٨٩٠", "12345678²0"])
def test_non_ascii_digits_are_rejected(text: str) -> None:
    with pytest.raises(InvalidIdentifier, match="must contain only digits 0–9"):
        parse_si_number(text)


@pytest.mark.parametrize(
    ("parse", "length"),
    [(parse_si_number, 10), (parse_old_id_card, 9), (parse_facility_code, 5)],
)
@given(data=st.data())
def test_any_digits_of_the_right_length_parse(
    parse: Callable[[str], SiNumber | OldIdCard | FacilityCode], length: int, data: st.DataObject
) -> None:
    text = data.draw(st.text(DIGITS, min_size=length, max_size=length))
    assert parse(f" {text} ").value == text


@pytest.mark.parametrize(("parse", "length"), [(parse_si_number, 10), (parse_old_id_card, 9)])
@given(data=st.data())
def test_personal_numbers_are_masked(
    parse: Callable[[str], object], length: int, data: st.DataObject
) -> None:
    text = data.draw(st.text(DIGITS, min_size=length, max_size=length))
    shown = repr(parse(text))
    assert shown.endswith(f"({'*' * (length - 3)}{text[-3:]})")
    assert sum(char.isdigit() for char in shown) == 3
