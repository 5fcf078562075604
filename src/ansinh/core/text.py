"""Unicode helpers for Vietnamese text, which arrives both composed (NFC) and decomposed (NFD)."""

import unicodedata

# Đ/đ are letters of their own (no Unicode decomposition). Ð/ð (eth) stand in for them in text
# converted from legacy Vietnamese encodings, where the glyphs look the same.
_D_LETTERS = str.maketrans({"Đ": "D", "đ": "d", "Ð": "D", "ð": "d"})


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
