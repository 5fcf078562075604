"""The population register's records, as the truth: synthetic persons plus twins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ansinh.core.arrow_text import last_word, map_values, split_words
from ansinh.geo import current_provinces
from ansinh.synth import DEFAULT_AS_OF, generate
from ansinh.synth.text import ascii_strings, digit_chars

PID_SERIALS = 10**6  # positions 7–12 of a personal ID


@dataclass(frozen=True)
class Population:
    """Register records in the contract columns, plus each record's current province code."""

    records: pa.Table
    province_code: pa.StringArray


def build_population(
    size: int, *, seed: int, twins: float, as_of: date = DEFAULT_AS_OF
) -> Population:
    """Generate `size` register records; a share `twins` of them is the twin of another record."""
    rng = np.random.default_rng([seed, 1])
    n_twins = min(round(size * twins), size // 2)
    persons = generate(size - n_twins, seed, as_of=as_of).persons
    persons = pa.concat_tables([persons, _twins(rng, persons, n_twins)])
    persons = persons.take(pa.array(rng.permutation(persons.num_rows)))
    names = {p.code: p.name for p in current_provinces(as_of)}
    codes = persons.column("province_code").combine_chunks()
    province_names = map_values(codes, names.__getitem__, pa.string())
    record_ids = ascii_strings(
        np.full((size, 1), ord("R"), dtype=np.uint8), digit_chars(np.arange(size), 9)
    )
    records = pa.table(
        {
            "record_id": record_ids,
            "personal_id": persons.column("personal_id"),
            "full_name": persons.column("full_name"),
            "date_of_birth": pc.cast(persons.column("date_of_birth"), pa.string()),
            "sex": persons.column("sex"),
            "province": province_names,
            "address": persons.column("address"),
        }
    )
    return Population(records=records, province_code=codes)


def _twins(rng: np.random.Generator, persons: pa.Table, count: int) -> pa.Table:
    """Same-sex twins of `count` persons: same surname, middle name, birth, ID prefix and home."""
    sibling = persons.take(pa.array(rng.choice(persons.num_rows, size=count, replace=False)))
    twin_female = sibling.column("sex").to_numpy() == "F"
    names = sibling.column("full_name").combine_chunks()
    given = _other_given_names(
        rng,
        last_word(split_words(persons.column("full_name").combine_chunks())),
        persons.column("sex").to_numpy() == "F",
        twin_female,
        last_word(split_words(names)),
    )
    stem = pc.replace_substring_regex(names, r"\s+\S+$", "")
    changed = {
        "full_name": pc.binary_join_element_wise(stem, given, " "),
        "personal_id": _twin_ids(rng, persons.column("personal_id"), sibling.column("personal_id")),
    }
    for column, values in changed.items():
        sibling = sibling.set_column(sibling.schema.get_field_index(column), column, values)
    return sibling


def _other_given_names(
    rng: np.random.Generator,
    givens: pa.StringArray,
    female: npt.NDArray[np.bool_],
    twin_female: npt.NDArray[np.bool_],
    sibling_given: pa.StringArray,
) -> pa.StringArray:
    """Draw a given name of the twin's sex that differs from the sibling's."""
    pools = {flag: np.flatnonzero(female == flag) for flag in (False, True)}
    chosen = np.zeros(twin_female.size, dtype=np.int64)
    pending = np.ones(twin_female.size, dtype=bool)
    sibling = np.array(sibling_given.to_pylist(), dtype=object)
    for _ in range(20):
        for flag, pool in pools.items():
            rows = pending & (twin_female == flag)
            chosen[rows] = pool[rng.integers(0, pool.size, size=int(rows.sum()))]
        drawn = np.array(givens.take(pa.array(chosen)).to_pylist(), dtype=object)
        pending = drawn == sibling
        if not pending.any():
            break
    return givens.take(pa.array(chosen))


def _twin_ids(
    rng: np.random.Generator,
    taken: pa.ChunkedArray,
    siblings: pa.ChunkedArray,
) -> pa.StringArray:
    """Personal IDs with the sibling's first six digits (province, sex, year) and a new serial."""
    head = np.array(siblings.to_pylist(), dtype=np.int64) // PID_SERIALS
    used = np.array(taken.to_pylist(), dtype=np.int64)
    ids = head * PID_SERIALS + rng.integers(0, PID_SERIALS, size=head.size)
    while True:
        clash = np.isin(ids, used) | _repeated(ids)
        if not clash.any():
            return ascii_strings(digit_chars(ids, 12))
        ids[clash] = head[clash] * PID_SERIALS + rng.integers(0, PID_SERIALS, size=int(clash.sum()))


def _repeated(values: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    order = np.argsort(values, kind="stable")
    repeated = np.zeros(values.size, dtype=bool)
    same = values[order][1:] == values[order][:-1]
    repeated[order[1:][same]] = True
    return repeated
