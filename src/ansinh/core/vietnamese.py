"""Vietnamese spelling variants of one word: tone marks, their placement, đ/d and y/i.

A syllable carries at most one tone mark (huyền, sắc, hỏi, ngã, nặng). Legacy systems place it
differently in final "oa", "oe", "uy" (old "hòa", "thủy"; new "hoà", "thuỷ"), write i for y
after a consonant ("Lí", "Kì", "Mĩ"), and often lose every mark. `word_key` maps all these
spellings of a word to one key; the other functions produce the variants (for synthetic data).
"""

from __future__ import annotations

import re
import unicodedata

from ansinh.core.text import fold

# Tone marks (combining characters after NFD) and the digit the key writes for each.
TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_D_LETTERS = str.maketrans({"đ": "d", "ð": "d"})
_TONE_PAIRS = ("oa", "oe", "uy")
# A consonant onset followed only by y or i: the words whose y/i spelling varies ("gi" is an onset).
_Y_OR_I = re.compile(r"^(qu|[bcdđhklmnprstvx]+|g)([yi])$")


def word_key(word: str) -> str:
    """Return the spelling-insensitive key of one word: "Hoà", "HÒA", "hòa" -> "hoa2"."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tone = ""
    letters = []
    for char in decomposed:
        if char in TONES:
            tone = TONES[char]
        else:
            letters.append(char)
    base = unicodedata.normalize("NFC", "".join(letters)).translate(_D_LETTERS)
    return base.replace("y", "i") + tone


def bare_key(word: str) -> str:
    """Return the key of a word with every mark dropped: "Đặng" -> "dang", "Thúy" -> "thui"."""
    return fold(word).replace("y", "i")


def has_marks(text: str) -> bool:
    """Tell whether `text` carries any Vietnamese mark or đ (so its marks can be trusted)."""
    return any(ord(char) > 127 for char in text)


def move_tone(word: str) -> str:
    """Move the tone of a final "oa", "oe", "uy" to the other vowel ("hòa" <-> "hoà")."""
    letters = _letters(word)
    ending = "".join(letter.casefold() for letter, _, _ in letters[-2:])
    after_q = len(letters) > 2 and letters[-3][0].casefold() == "q"  # "quý": u belongs to qu
    if ending not in _TONE_PAIRS or after_q or any(s for _, _, s in letters[-2:]):
        return word
    toned = [i for i, (_, tone, _) in enumerate(letters) if tone]
    if len(toned) != 1 or toned[0] < len(letters) - 2:
        return word
    source = toned[0]
    target = len(letters) - 1 if source == len(letters) - 2 else len(letters) - 2
    letter, tone, shape = letters[source]
    letters[source] = (letter, "", shape)
    letters[target] = (letters[target][0], tone, letters[target][2])
    return unicodedata.normalize("NFC", "".join(a + c + b for a, b, c in letters))


def swap_y_i(word: str) -> str:
    """Write y for i or i for y after a consonant onset ("Lý" <-> "Lí", "Quý" <-> "Quí")."""
    decomposed = unicodedata.normalize("NFD", word)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    match = _Y_OR_I.match(letters)
    if match is None or letters == "gi":
        return word
    position = next(
        i for i in range(len(decomposed) - 1, -1, -1) if not unicodedata.combining(decomposed[i])
    )
    old = decomposed[position]
    new = {"y": "i", "i": "y", "Y": "I", "I": "Y"}[old]
    return unicodedata.normalize("NFC", decomposed[:position] + new + decomposed[position + 1 :])


def _letters(word: str) -> list[tuple[str, str, str]]:
    """Split a word into (letter, tone mark, shape marks) triples."""
    letters: list[tuple[str, str, str]] = []
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char) and letters:
            letter, tone, shape = letters[-1]
            letters[-1] = (letter, char, shape) if char in TONES else (letter, tone, shape + char)
        else:
            letters.append((char, "", ""))
    return letters
