from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from ansinh.identity import (
    FacilityCodeStr,
    HiCardCodeStr,
    OldIdCardStr,
    PersonalIdStr,
    SiNumberStr,
)


class Claim(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    personal_id: PersonalIdStr
    si_number: SiNumberStr
    card: HiCardCodeStr
    facility: FacilityCodeStr
    old_id_card: OldIdCardStr


def test_fields_are_normalised() -> None:
    claim = Claim(
        personal_id=" 079204000001 ",
        si_number="0123456789 ",
        card="gd4 01 0123456789",
        facility=" 79011",
        old_id_card="012345678",
    )
    assert claim.model_dump() == {
        "personal_id": "079204000001",
        "si_number": "0123456789",
        "card": "GD4010123456789",
        "facility": "79011",
        "old_id_card": "012345678",
    }


@pytest.mark.parametrize(
    ("annotation", "text", "reason"),
    [
        (PersonalIdStr, "003204000001", "birth-registration code 003 is not a province code"),
        (SiNumberStr, "012345678", "SI number must be 10 digits; got 9 characters"),
        (HiCardCodeStr, "ZZ4010123456789", "characters 1–2 'ZZ' are not a known HI object code"),
        (FacilityCodeStr, "7901", "medical facility code must be 5 digits; got 4 characters"),
        (OldIdCardStr, "01234567X", "character 9 ('X') is not a digit"),
    ],
)
def test_reason_reaches_the_validation_error(annotation: Any, text: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(annotation).validate_python(text)
    assert reason in caught.value.errors()[0]["msg"]


def test_numbers_are_not_strings_with_leading_zeros_lost() -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(SiNumberStr).validate_python(123456789)


def test_hidden_input_keeps_the_number_out_of_the_message() -> None:
    with pytest.raises(ValidationError) as caught:
        Claim(
            personal_id="003204000001",
            si_number="0123456789",
            card="GD4010123456789",
            facility="79011",
            old_id_card="012345678",
        )
    assert "003204000001" not in str(caught.value)
