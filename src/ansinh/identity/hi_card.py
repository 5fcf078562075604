"""Health-insurance card codes and the card key that clinics send to the VSS gateway.

Legacy 15-character code (Decision 1351/QĐ-BHXH, 2015): characters 1–2 object code, 3 benefit
level 1–5, 4–5 code of the issuing province, 6–15 the 10-digit SI number. Cards printed on the
2021 template (Decision 1666/QĐ-BHXH) show only the SI number, and the gateway also accepts a
12-digit personal ID, so a card key may be any of the three. Whether the benefit level suits the
object code is a legal question left to the rules module.
"""

from dataclasses import dataclass
from typing import Literal

from ansinh.identity._base import require_digits
from ansinh.identity.exceptions import InvalidIdentifier
from ansinh.identity.personal_id import LENGTH as PERSONAL_ID_LENGTH
from ansinh.identity.personal_id import PersonalId, parse_personal_id
from ansinh.identity.reference_data import hi_object_codes
from ansinh.identity.si_number import LENGTH as SI_NUMBER_LENGTH
from ansinh.identity.si_number import SiNumber, parse_si_number

KIND = "hi_card"
LENGTH = 15
_BENEFIT_LEVELS = "12345"

CardKeyKind = Literal["si_number", "personal_id", "hi_card"]


@dataclass(frozen=True)
class HiCardCode:
    """A parsed legacy 15-character HI card code; its repr masks the SI number."""

    object_code: str
    benefit_level: int
    province_code: str
    si_number: SiNumber

    @property
    def value(self) -> str:
        """The normalised 15-character code (upper case, no spaces)."""
        return f"{self.object_code}{self.benefit_level}{self.province_code}{self.si_number.value}"


@dataclass(frozen=True)
class CardKey:
    """A card key tagged with what it turned out to be."""

    kind: CardKeyKind
    identifier: SiNumber | PersonalId | HiCardCode


def parse_hi_card_code(text: str) -> HiCardCode:
    """Parse a 15-character HI card code, ignoring spaces and letter case."""
    code = "".join(text.split())
    if len(code) != LENGTH:
        raise InvalidIdentifier(
            KIND, f"HI card code must be {LENGTH} characters (spaces aside); got {len(code)}"
        )
    object_code = code[:2].upper()
    if object_code not in hi_object_codes():
        raise InvalidIdentifier(
            KIND, f"characters 1–2 {object_code!r} are not a known HI object code"
        )
    level = code[2]
    if level not in _BENEFIT_LEVELS:
        raise InvalidIdentifier(KIND, f"character 3 {level!r} is not a benefit level 1–5")
    province_code = require_digits(
        code[3:5], kind=KIND, label="characters 4–5 (province code)", length=2, first_position=4
    )
    si_number = require_digits(
        code[5:],
        kind=KIND,
        label="characters 6–15 (SI number)",
        length=SI_NUMBER_LENGTH,
        first_position=6,
    )
    return HiCardCode(
        object_code=object_code,
        benefit_level=int(level),
        province_code=province_code,
        si_number=SiNumber(si_number),
    )


def parse_card_key(text: str) -> CardKey:
    """Parse a card key: a 10-digit SI number, 12-digit personal ID or 15-character card code."""
    stripped = text.strip()
    if len(stripped) == SI_NUMBER_LENGTH:
        return CardKey("si_number", parse_si_number(stripped))
    if len(stripped) == PERSONAL_ID_LENGTH:
        return CardKey("personal_id", parse_personal_id(stripped))
    if len("".join(stripped.split())) == LENGTH:
        return CardKey("hi_card", parse_hi_card_code(stripped))
    raise InvalidIdentifier(
        "card_key",
        f"card key must be a {SI_NUMBER_LENGTH}-digit SI number, a {PERSONAL_ID_LENGTH}-digit "
        f"personal ID or a {LENGTH}-character HI card code; got {len(stripped)} characters",
    )
