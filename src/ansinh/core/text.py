"""Unicode helpers for Vietnamese text, which arrives both composed (NFC) and decomposed (NFD).

`Text` and `PersonName` are the validated string types of the edge: every name or address a
request carries is stored in NFC with its whitespace collapsed, and control characters (NUL,
which PostgreSQL cannot store, and the other C0/C1 codes) are refused with a reason.
"""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator

# Đ/đ are letters of their own (no Unicode decomposition). Ð/ð (eth) stand in for them in text
# converted from legacy Vietnamese encodings, where the glyphs look the same.
_D_LETTERS = str.maketrans({"Đ": "D", "đ": "d", "Ð": "D", "ð": "d"})
# Tone marks (combining characters after NFD) and the digit a key writes for each.
TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


def _collapse_whitespace(s: str) -> str:
    return " ".join(s.split())


def strip_diacritics(s: str) -> str:
    """Remove tone and vowel marks and map đ/Đ to d/D: "Đắk Lắk" -> "Dak Lak"."""
    decomposed = unicodedata.normalize("NFD", s.translate(_D_LETTERS))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare)


def fold(s: str) -> str:
    """Return the key for diacritics- and case-insensitive matching: "  Hà  NỘI " -> "ha noi"."""
    # Decompose before casefolding so canonically equivalent inputs fold alike (Unicode D145).
    return _collapse_whitespace(strip_diacritics(unicodedata.normalize("NFD", s).casefold()))


def nfc(s: str) -> str:
    """Return `s` in Unicode NFC with runs of whitespace collapsed to one space and trimmed."""
    return _collapse_whitespace(unicodedata.normalize("NFC", s))


def has_marks(s: str) -> bool:
    """Tell whether `s` carries any Vietnamese mark or đ (so its marks can be trusted)."""
    return any(ord(char) > 127 for char in s)


def toned_key(word: str) -> str:
    """Return a word's key whatever its case, Unicode form and tone placement: "Hoà" -> "hoa2"."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tone = "".join(TONES[char] for char in decomposed if char in TONES)
    base = "".join(char for char in decomposed if char not in TONES)
    return unicodedata.normalize("NFC", base) + tone


def _is_control(char: str) -> bool:
    # Tab and line breaks are whitespace, collapsed like spaces; every other control is refused.
    return unicodedata.category(char) == "Cc" and char not in "\t\n\r"


def clean_text(s: str) -> str:
    """Return `s` in NFC with whitespace collapsed; raise ValueError on control characters."""
    if any(_is_control(char) for char in s):
        raise ValueError("must not contain control characters (such as NUL)")
    return nfc(s)


def person_name(s: str) -> str:
    """Return a cleaned personal name; it must start with a letter.

    A name never starts with `=`, `+`, `-` or `@`: refusing them at the edge keeps formula text
    out of the registry, so no spreadsheet opened by an officer can run it.
    """
    cleaned = clean_text(s)
    if cleaned and not cleaned[0].isalpha():
        raise ValueError("must start with a letter")
    return cleaned


Text = Annotated[str, AfterValidator(clean_text)]
PersonName = Annotated[str, AfterValidator(person_name)]
