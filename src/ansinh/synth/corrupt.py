"""Field-level errors of legacy insurance records, applied column-wise to clean values."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ansinh.core.arrow_text import first_word, last_word, rewrite_words, split_words
from ansinh.core.text import strip_diacritics
from ansinh.core.vietnamese import move_tone, swap_y_i
from ansinh.synth.messiness import NameErrors
from ansinh.synth.text import ascii_strings, digit_chars

Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
CLEAN = "clean"
_DASH = ord("-")
_LETTERS = "abcdefghiklmnopqrstuvxy"


def draw(rng: np.random.Generator, size: int, rates: Mapping[str, float]) -> npt.NDArray[np.str_]:
    """Draw one exclusive error (or CLEAN) per row with the given rates."""
    names = [CLEAN, *rates]
    weights = [1 - sum(rates.values()), *rates.values()]
    return np.array(names)[rng.choice(len(names), size=size, p=weights)]


def flags(rng: np.random.Generator, size: int, rates: Mapping[str, float]) -> dict[str, Mask]:
    """Draw each independent error for every row."""
    return {name: rng.random(size) < rate for name, rate in rates.items()}


def names(rng: np.random.Generator, text: pa.StringArray, rates: NameErrors) -> pa.StringArray:
    """Drop middle names, respell y/i, move tone marks and make typing slips."""
    hit = flags(rng, len(text), rates.shares())
    words = split_words(text)
    long = pc.greater_equal(pc.list_value_length(words), 3).to_numpy(zero_copy_only=False)
    short = pc.binary_join_element_wise(first_word(words), last_word(words), " ")
    text = pc.if_else(pa.array(hit["dropped_middle"] & long), short, text)
    text = rewrite_words(text, hit["y_i_spelling"], swap_y_i)
    text = rewrite_words(text, hit["tone_placement"], move_tone)
    return _typos(rng, text, hit["typo"])


def style(text: pa.StringArray, *, no_marks: Mask, decomposed: Mask, upper: Mask) -> pa.StringArray:
    """Write text as old software did: without marks, decomposed (NFD) or in upper case."""
    text = rewrite_words(text, no_marks, strip_diacritics)
    text = pc.if_else(pa.array(decomposed & ~no_marks), pc.utf8_normalize(text, "NFD"), text)
    return pc.if_else(pa.array(upper), pc.utf8_upper(text), text)


def dates(rng: np.random.Generator, clean: pa.Array, error: npt.NDArray[np.str_]) -> pa.Array:
    """Rewrite ISO dates of birth with the drawn error of each row."""
    days = clean.to_numpy(zero_copy_only=False).astype("datetime64[D]")
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month = (days.astype("datetime64[M]") - days.astype("datetime64[Y]")).astype(np.int64) + 1
    day = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    swap = (error == "day_month_swap") & (day <= 12) & (day != month)
    month, day = np.where(swap, day, month), np.where(swap, month, day)
    first_january = np.isin(error, ["placeholder_first_january", "placeholder_1900"])
    month, day = np.where(first_january, 1, month), np.where(first_january, 1, day)
    year = np.where(error == "placeholder_1900", 1900, year)
    typo = error == "year_typo"
    last = year % 10
    year = np.where(typo, year - last + (last + rng.integers(1, 10, size=year.size)) % 10, year)
    text = _iso(year, month, day)
    text = pc.if_else(pa.array(error == "month_only"), pc.utf8_slice_codeunits(text, 0, 7), text)
    text = pc.if_else(pa.array(error == "year_only"), pc.utf8_slice_codeunits(text, 0, 4), text)
    return pc.if_else(pa.array(error == "missing"), None, text)


def personal_ids(
    rng: np.random.Generator,
    clean: pa.Array,
    error: npt.NDArray[np.str_],
    relative: pa.Array,
) -> pa.Array:
    """Rewrite 12-digit IDs with the drawn error: transposed or mistyped digits, old CMND, etc."""
    size = len(clean)
    digits = np.frombuffer(
        np.array(clean.to_pylist(), dtype="S12").tobytes(), dtype=np.uint8
    ).reshape(size, 12)
    digits = digits.copy()
    rows = np.arange(size)
    position = rng.integers(0, 11, size=size)
    for _ in range(11):  # find neighbours that differ, so the swap changes the number
        same = digits[rows, position] == digits[rows, position + 1]
        position = np.where(same, (position + 1) % 11, position)
    swap = error == "transposed_digits"
    left, right = digits[rows, position].copy(), digits[rows, position + 1].copy()
    digits[rows[swap], position[swap]] = right[swap]
    digits[rows[swap], position[swap] + 1] = left[swap]
    typo = rows[error == "typo"]
    at = rng.integers(0, 12, size=typo.size)
    shift = rng.integers(1, 10, size=typo.size)
    digits[typo, at] = ord("0") + (digits[typo, at] - ord("0") + shift) % 10
    text = ascii_strings(digits)
    old_card = ascii_strings(digit_chars(rng.integers(10**8, 10**9, size=size), 9))
    text = pc.if_else(pa.array(error == "old_id_card"), old_card, text)
    text = pc.if_else(pa.array(error == "relative"), relative, text)
    return pc.if_else(pa.array(error == "missing"), None, text)


def sexes(clean: pa.Array, error: npt.NDArray[np.str_]) -> pa.Array:
    """Flip or drop the sex with the drawn error."""
    flipped = pc.if_else(pc.equal(clean, "M"), "F", "M")
    text = pc.if_else(pa.array(error == "flipped"), flipped, clean)
    return pc.if_else(pa.array(error == "missing"), None, text)


def _typos(rng: np.random.Generator, text: pa.StringArray, rows: Mask) -> pa.StringArray:
    """One slip per chosen row: a letter dropped, doubled, swapped with the next, or mistyped."""
    chosen = np.flatnonzero(rows)
    values = text.to_pylist()
    kinds = rng.integers(0, 4, size=chosen.size)
    spots = rng.random(chosen.size)
    letters = rng.integers(0, len(_LETTERS), size=chosen.size)
    for row, kind, spot, letter in zip(chosen, kinds, spots, letters, strict=True):
        value = values[row]
        if not value or len(value) < 3:
            continue
        at = 1 + int(spot * (len(value) - 2))  # never the first letter or the last
        if value[at] == " " or value[at - 1] == " ":
            at = max(1, at - 2)
        before, char, after = value[:at], value[at], value[at + 1 :]
        values[row] = (
            before + after,
            before + char + char + after,
            before + after[:1] + char + after[1:],
            before + _LETTERS[letter] + after,
        )[kind]
    return pa.array(values, type=pa.string())


def _iso(year: Ints, month: Ints, day: Ints) -> pa.StringArray:
    dash = np.full((year.size, 1), _DASH, dtype=np.uint8)
    return ascii_strings(
        digit_chars(year, 4), dash, digit_chars(month, 2), dash, digit_chars(day, 2)
    )
