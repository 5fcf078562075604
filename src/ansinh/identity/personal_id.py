"""Personal identification number (số định danh cá nhân) printed on the CCCD / căn cước card.

Structure (Decree 137/2015/NĐ-CP Art. 7; Circular 07/2016/TT-BCA, kept by Circular 59/2021/TT-BCA):
positions 1–3 birth-registration province code, 4 century and sex, 5–6 last two digits of the birth
year, 7–12 a random block. There is no check digit.

Century/sex digit: 0/1 = born 1900–1999 male/female, 2/3 = 2000–2099, 4/5 = 2100–2199,
6/7 = 2200–2299, 8/9 = 2300–2399; even digits are male, odd digits female.
"""

from dataclasses import dataclass
from typing import Literal, cast

from ansinh.identity._base import MaskedIdentifier, require_digits
from ansinh.identity.exceptions import InvalidIdentifier
from ansinh.identity.reference_data import birth_registration_codes

Sex = Literal["M", "F"]

KIND = "personal_id"
LENGTH = 12
_SEX_WORDS: dict[str, str] = {"M": "male", "F": "female"}
_FIRST_CENTURY = 19  # century/sex digits 0 and 1 mean births in 1900–1999
_CENTURIES = 5  # digits 0–9 cover five centuries, two sexes each
_MAX_SERIAL = 999_999


@dataclass(frozen=True, repr=False)
class PersonalId(MaskedIdentifier):
    """A parsed personal ID; `century` is the hundreds of the birth year (19 for 1900–1999)."""

    birth_registration_code: str
    century: int
    sex: Sex
    birth_year_2digits: int

    @property
    def birth_century_start(self) -> int:
        """First year of the birth century, e.g. 1900."""
        return self.century * 100

    def birth_year(self) -> int:
        """Full birth year encoded in the ID."""
        return self.birth_century_start + self.birth_year_2digits


def parse_personal_id(text: str) -> PersonalId:
    """Parse a 12-digit personal ID, ignoring surrounding spaces."""
    value = require_digits(text.strip(), kind=KIND, label="personal ID", length=LENGTH)
    code = value[:3]
    if code not in birth_registration_codes():
        raise InvalidIdentifier(KIND, f"birth-registration code {code} is not a province code")
    century_sex = int(value[3])
    return PersonalId(
        value=value,
        birth_registration_code=code,
        century=_FIRST_CENTURY + century_sex // 2,
        sex="F" if century_sex % 2 else "M",
        birth_year_2digits=int(value[4:6]),
    )


def check_personal_id_matches(
    pid: PersonalId, *, birth_year: int | None, sex: str | None
) -> list[str]:
    """List the ways the ID contradicts a stated birth year and sex ('M'/'F'); empty if none."""
    digit = pid.value[3]
    reasons: list[str] = []
    if birth_year is not None:
        start = pid.birth_century_start
        if birth_year // 100 != pid.century:
            reasons.append(
                f"century/sex digit {digit} means born {start}–{start + 99} "
                f"but the stated birth year is {birth_year}"
            )
        if birth_year % 100 != pid.birth_year_2digits:
            reasons.append(
                f"digits 5–6 give a birth year ending in {pid.birth_year_2digits:02d} "
                f"but the stated birth year is {birth_year}"
            )
    if sex is not None and _as_sex(sex) != pid.sex:
        reasons.append(
            f"century/sex digit {digit} means {_SEX_WORDS[pid.sex]} "
            f"but the stated sex is {_SEX_WORDS[sex]}"
        )
    return reasons


def build_personal_id(
    *, birth_registration_code: str, sex: str, birth_year: int, serial: int
) -> str:
    """Compose a personal ID from its parts (inverse of parse_personal_id; for synthetic data)."""
    if birth_registration_code not in birth_registration_codes():
        raise ValueError(
            f"birth-registration code {birth_registration_code!r} is not a province code"
        )
    first_year = _FIRST_CENTURY * 100
    last_year = first_year + _CENTURIES * 100 - 1
    if not first_year <= birth_year <= last_year:
        raise ValueError(f"birth year must be {first_year}–{last_year}; got {birth_year}")
    if not 0 <= serial <= _MAX_SERIAL:
        raise ValueError(f"serial must be 0–{_MAX_SERIAL}; got {serial}")
    century_sex = 2 * (birth_year // 100 - _FIRST_CENTURY) + (_as_sex(sex) == "F")
    return f"{birth_registration_code}{century_sex}{birth_year % 100:02d}{serial:06d}"


def _as_sex(sex: str) -> Sex:
    """Return `sex` if it is 'M' or 'F', else raise ValueError."""
    if sex not in _SEX_WORDS:
        raise ValueError(f"sex must be 'M' or 'F'; got {sex!r}")
    return cast(Sex, sex)
