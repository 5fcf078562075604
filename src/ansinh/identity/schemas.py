"""Pydantic string types that validate and normalise identifiers in request bodies.

Pydantic echoes the rejected input in its errors; models that carry these fields should set
`model_config = ConfigDict(hide_input_in_errors=True)` and APIs should drop `input` from the
error details they return, so that citizens' numbers do not reach logs.
"""

from collections.abc import Callable
from typing import Annotated, Protocol

from fastapi import Path
from pydantic import AfterValidator, Field

from ansinh.identity.facility import parse_facility_code
from ansinh.identity.hi_card import parse_hi_card_code
from ansinh.identity.old_id_card import parse_old_id_card
from ansinh.identity.personal_id import parse_personal_id
from ansinh.identity.si_number import parse_si_number


class _HasValue(Protocol):
    @property
    def value(self) -> str: ...


def _normalised_by(parse: Callable[[str], _HasValue]) -> AfterValidator:
    """Validator that parses the string and keeps the parser's normalised value."""
    return AfterValidator(lambda text: parse(text).value)


PersonalIdStr = Annotated[
    str,
    _normalised_by(parse_personal_id),
    Field(description="12-digit personal identification number (CCCD / căn cước)"),
]
SiNumberStr = Annotated[
    str,
    _normalised_by(parse_si_number),
    Field(description="10-digit social insurance number (mã số BHXH)"),
]
HiCardCodeStr = Annotated[
    str,
    _normalised_by(parse_hi_card_code),
    Field(description="15-character legacy health-insurance card code (mã thẻ BHYT)"),
]
FacilityCodeStr = Annotated[
    str,
    _normalised_by(parse_facility_code),
    Field(description="5-digit medical facility code (mã cơ sở KCB)"),
]
OldIdCardStr = Annotated[
    str,
    _normalised_by(parse_old_id_card),
    Field(description="9-digit old people's identity card number (CMND)"),
]
# The SI number as a path parameter: it is a case key, not a personal ID, so URLs may carry it.
SiNumberPath = Annotated[str, Path(pattern=r"^\d{10}$", description="10-digit SI number")]
