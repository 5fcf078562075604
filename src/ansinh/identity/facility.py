"""Medical facility code (mã cơ sở KCB, XML field MA_CSKCB): 2-digit province + 3-digit sequence.

The province part is the issuing province's code at the time the code was assigned; it is not
checked against a province list, because renumbering after the 2025 merger is unknown.
"""

from dataclasses import dataclass

from ansinh.identity._base import require_digits

KIND = "facility_code"
LENGTH = 5


@dataclass(frozen=True)
class FacilityCode:
    """A parsed 5-digit medical facility code, e.g. 79011."""

    value: str
    province_code: str
    sequence: str


def parse_facility_code(text: str) -> FacilityCode:
    """Parse a 5-digit medical facility code, ignoring surrounding spaces."""
    value = require_digits(text.strip(), kind=KIND, label="medical facility code", length=LENGTH)
    return FacilityCode(value=value, province_code=value[:2], sequence=value[2:])
