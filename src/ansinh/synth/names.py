"""Vietnamese full names: surname by region, middle name by sex and cohort, given name by sex."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa

from ansinh.identity import Sex
from ansinh.synth.assumptions import Names, Region
from ansinh.synth.sampling import IntArray, choose_by_group
from ansinh.synth.text import concat, take

REGIONS: tuple[Region, ...] = ("north", "central", "south")
SEXES: tuple[Sex, ...] = ("M", "F")


def full_names(
    rng: np.random.Generator,
    names: Names,
    *,
    sex: IntArray,
    birth_year: IntArray,
    region: IntArray,
) -> pa.StringArray:
    """Draw one full name per person; `sex` indexes SEXES and `region` indexes REGIONS."""
    surnames = list(names.surnames)
    surname = choose_by_group(
        rng, region, [[names.surnames[s][r] for s in surnames] for r in REGIONS]
    )
    cohort = (birth_year >= names.cohort_split_year).astype(np.int64)
    middle_tables = [
        table
        for code in SEXES
        for table in (names.middle_names[code].before_split, names.middle_names[code].from_split)
    ]
    middles, middle_weights = _union(middle_tables)
    middle = choose_by_group(rng, 2 * sex + cohort, middle_weights)
    given_tables = [_zipf(names.given_names[code], names.zipf_exponent) for code in SEXES]
    givens, given_weights = _union(given_tables)
    given = choose_by_group(rng, sex, given_weights)
    middle_words = [f"{word} " if word else "" for word in middles]
    return concat(take(surnames, surname), " ", take(middle_words, middle), take(givens, given))


def _zipf(words: Sequence[str], exponent: float) -> dict[str, float]:
    return {word: 1.0 / rank**exponent for rank, word in enumerate(words, start=1)}


def _union(tables: Sequence[Mapping[str, float]]) -> tuple[list[str], list[list[float]]]:
    """Put several weight tables on one shared vocabulary (missing words weigh zero)."""
    vocabulary = list(dict.fromkeys(word for table in tables for word in table))
    return vocabulary, [[table.get(word, 0.0) for word in vocabulary] for table in tables]
