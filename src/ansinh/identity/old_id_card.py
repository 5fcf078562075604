"""Old 9-digit people's identity card number (chứng minh nhân dân, CMND).

Under the Law on Identity 26/2023/QH15, CMND cards could be used only until the date in
`data/old_id_card.yaml` (2024-12-31); CMND numbers already written in documents stay valid, so
the number is still accepted as a historical identifier. The first two digits name the issuing
provincial police, but no authoritative table exists, so they are not validated. The short-lived
12-digit CMND is not handled here.
"""

from dataclasses import dataclass
from datetime import date

from ansinh.identity._base import MaskedIdentifier, require_digits
from ansinh.identity.reference_data import old_id_card_valid_until

KIND = "old_id_card"
LENGTH = 9


@dataclass(frozen=True, repr=False)
class OldIdCard(MaskedIdentifier):
    """A parsed 9-digit CMND number."""

    def is_still_valid(self, on: date) -> bool:
        """Whether CMND cards were still usable on `on` (the card's own 15-year term aside)."""
        return on <= old_id_card_valid_until()


def parse_old_id_card(text: str) -> OldIdCard:
    """Parse a 9-digit CMND number, ignoring surrounding spaces."""
    return OldIdCard(
        require_digits(text.strip(), kind=KIND, label="old ID card (CMND) number", length=LENGTH)
    )
