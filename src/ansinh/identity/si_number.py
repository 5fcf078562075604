"""Social insurance number (mã số BHXH): 10 digits issued once by VSS and kept for life.

No check-digit algorithm has been published, so only the digits and the length are validated.
The first two digits often match a province code, but no rule says so; they are not validated.
"""

from dataclasses import dataclass

from ansinh.identity._base import MaskedIdentifier, require_digits

KIND = "si_number"
LENGTH = 10


@dataclass(frozen=True, repr=False)
class SiNumber(MaskedIdentifier):
    """A parsed 10-digit social insurance number."""


def parse_si_number(text: str) -> SiNumber:
    """Parse a 10-digit SI number, ignoring surrounding spaces."""
    return SiNumber(require_digits(text.strip(), kind=KIND, label="SI number", length=LENGTH))
