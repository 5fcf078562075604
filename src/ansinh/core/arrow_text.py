"""Column-wise text helpers: apply a Python function once per distinct word or value."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc


def split_words(text: pa.StringArray) -> pa.ListArray:
    """Split each value on whitespace (a null value gives no words)."""
    return pc.utf8_split_whitespace(pc.fill_null(text, ""))


def map_values(values: pa.Array, fn: Callable[[str], object], kind: pa.DataType) -> pa.Array:
    """Apply `fn` to each distinct non-null value and spread the results back (nulls stay)."""
    encoded = values.dictionary_encode()
    results = pa.array([fn(v) for v in encoded.dictionary.to_pylist()], type=kind)
    return results.take(encoded.indices)


def map_words(words: pa.ListArray, fn: Callable[[str], str]) -> pa.ListArray:
    """Apply `fn` to every word, computing it once per distinct word."""
    return pa.ListArray.from_arrays(words.offsets, map_values(words.flatten(), fn, pa.string()))


def join_words(words: pa.ListArray) -> pa.StringArray:
    """Join words with single spaces; no words gives null."""
    joined = pc.binary_join(words, " ")
    return pc.if_else(pc.equal(joined, ""), None, joined)


def rewrite_words(
    text: pa.StringArray, rows: npt.NDArray[np.bool_], fn: Callable[[str], str]
) -> pa.StringArray:
    """Apply `fn` to every word of the chosen rows; other rows are returned unchanged."""
    rewritten = join_words(map_words(split_words(text), fn))
    return pc.if_else(pa.array(rows), rewritten, text)


def first_word(words: pa.ListArray) -> pa.StringArray:
    """The first word of each value, or null."""
    return _pick(words, words.offsets.to_numpy()[:-1])


def last_word(words: pa.ListArray) -> pa.StringArray:
    """The last word of each value, or null."""
    return _pick(words, words.offsets.to_numpy()[1:] - 1)


def _pick(words: pa.ListArray, index: npt.NDArray[np.int32]) -> pa.StringArray:
    flat = words.flatten()
    if len(flat) == 0:
        return pa.nulls(len(words), pa.string())
    empty = pc.equal(pc.list_value_length(words), 0).to_numpy(zero_copy_only=False)
    picked = flat.take(pa.array(np.where(empty, 0, index)))
    return pc.if_else(pc.or_(pa.array(empty), pc.equal(picked, "")), None, picked)
