"""Build Arrow string columns from integer codes without a Python loop per row."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ansinh.synth.sampling import IntArray

CharMatrix = npt.NDArray[np.uint8]
_LETTERS = 26


def digit_chars(values: IntArray, width: int) -> CharMatrix:
    """Return the zero-padded decimal digits of `values` as an (n, width) ASCII matrix."""
    return _positional(values, width, base=10, first=ord("0"))


def letter_chars(values: IntArray, width: int) -> CharMatrix:
    """Return `values` written in base 26 with letters A–Z as an (n, width) ASCII matrix."""
    return _positional(values, width, base=_LETTERS, first=ord("A"))


def ascii_strings(*blocks: CharMatrix) -> pa.StringArray:
    """Glue ASCII character matrices side by side into one string per row."""
    chars = np.ascontiguousarray(np.hstack(blocks))
    fixed = chars.view(f"S{chars.shape[1]}").ravel()
    return pa.array(fixed, type=pa.binary()).cast(pa.string())


def take(words: Sequence[str], index: IntArray) -> pa.StringArray:
    """Return `words[index]` as an Arrow string column."""
    return pa.array(words, type=pa.string()).take(pa.array(index))


def concat(*parts: pa.Array | str) -> pa.StringArray:
    """Concatenate string columns and literal strings row by row."""
    return pc.binary_join_element_wise(*parts, "")


def _positional(values: IntArray, width: int, *, base: int, first: int) -> CharMatrix:
    if values.size and (values.min() < 0 or values.max() >= base**width):
        raise ValueError(f"values do not fit in {width} base-{base} characters")
    chars = np.empty((values.size, width), dtype=np.uint8)
    rest = values.copy()
    for position in range(width - 1, -1, -1):
        chars[:, position] = first + rest % base
        rest //= base
    return chars
