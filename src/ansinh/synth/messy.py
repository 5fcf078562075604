"""Messy insured records with a known truth: the register, the insured and who is who."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ansinh.geo import legacy_provinces, successor
from ansinh.synth import DEFAULT_AS_OF, corrupt
from ansinh.synth.messiness import Messiness, messiness
from ansinh.synth.population import Population, build_population
from ansinh.synth.sampling import unique_serials
from ansinh.synth.text import ascii_strings, digit_chars

SI_SERIALS = 10**8  # an SI number is a 2-digit province code and 8 more digits
OUTSIDER_SEED = 7_919  # outsiders come from another synthetic population


@dataclass(frozen=True)
class Truth:
    """Register records, insured records (contract columns) and the true links between them."""

    population: pa.Table
    insured: pa.Table
    links: pa.Table


def make_truth(
    *,
    population: int,
    insured: int,
    seed: int,
    rates: Messiness | None = None,
    as_of: date = DEFAULT_AS_OF,
) -> Truth:
    """Generate a register of `population` people and `insured` messy records of the insured."""
    rates = rates or messiness()
    outsiders = round(insured * rates.outsiders)
    if insured - outsiders > population:
        raise ValueError("there cannot be more insured register members than register records")
    register = build_population(population, seed=seed, twins=rates.twins, as_of=as_of)
    rng = np.random.default_rng([seed, 2])
    members = pa.array(rng.choice(population, size=insured - outsiders, replace=False))
    strangers = _outsiders(outsiders, seed, register, as_of)
    clean = pa.concat_tables([register.records.take(members), strangers.records])
    codes = pa.concat_arrays([register.province_code.take(members), strangers.province_code])
    truth = pa.concat_arrays(
        [
            register.records.column("record_id").combine_chunks().take(members),
            pa.nulls(outsiders, pa.string()),
        ]
    )
    order = pa.array(rng.permutation(insured))
    records = _mess(rng, clean.take(order), codes.take(order), register, rates)
    links = pa.table(
        {
            "insured_record_id": records.column("record_id"),
            "population_record_id": truth.take(order),
        }
    )
    return Truth(population=register.records, insured=records, links=links)


def _outsiders(count: int, seed: int, register: Population, as_of: date) -> Population:
    """People the register does not hold (their IDs are not the register's)."""
    spare = build_population(
        count + count // 10 + 10, seed=seed + OUTSIDER_SEED, twins=0.0, as_of=as_of
    )
    known = pc.is_in(spare.records.column("personal_id"), register.records.column("personal_id"))
    keep = pa.array(np.flatnonzero(~known.to_numpy(zero_copy_only=False))[:count])
    return Population(
        records=spare.records.take(keep), province_code=spare.province_code.take(keep)
    )


def _mess(
    rng: np.random.Generator,
    clean: pa.Table,
    codes: pa.Array,
    register: Population,
    rates: Messiness,
) -> pa.Table:
    """Apply every field's errors and give each record a new SI number."""
    size = clean.num_rows
    look = corrupt.flags(
        rng, size, {k: getattr(rates.name, k) for k in ("no_marks", "decomposed", "upper_case")}
    )
    styled = {
        "no_marks": look["no_marks"],
        "decomposed": look["decomposed"],
        "upper": look["upper_case"],
    }
    full_name = corrupt.names(rng, clean.column("full_name").combine_chunks(), rates.name)
    relative = _relatives(rng, clean.column("full_name"), register.records)
    personal_id = corrupt.personal_ids(
        rng,
        clean.column("personal_id").combine_chunks(),
        corrupt.draw(rng, size, rates.personal_id.shares()),
        relative,
    )
    dob = corrupt.dates(
        rng,
        pc.cast(clean.column("date_of_birth"), pa.date32()).combine_chunks(),
        corrupt.draw(rng, size, rates.date_of_birth.shares()),
    )
    sex = corrupt.sexes(
        clean.column("sex").combine_chunks(), corrupt.draw(rng, size, rates.sex.shares())
    )
    province, address, home = _residence(rng, clean, codes, register, rates)
    return pa.table(
        {
            "record_id": _si_numbers(rng, home),
            "personal_id": personal_id,
            "full_name": corrupt.style(full_name, **styled),
            "date_of_birth": dob,
            "sex": sex,
            "province": province,
            "address": corrupt.style(address, **styled),
        }
    )


def _relatives(rng: np.random.Generator, names: pa.ChunkedArray, register: pa.Table) -> pa.Array:
    """The ID of a register member sharing each record's surname (a relative's card)."""
    surnames = pc.utf8_split_whitespace(register.column("full_name")).combine_chunks()
    family = pc.list_element(surnames, 0)
    keys, group = np.unique(np.array(family.to_pylist(), dtype=object), return_inverse=True)
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(keys.size))
    counts = np.bincount(group, minlength=keys.size)
    wanted = pc.list_element(pc.utf8_split_whitespace(names).combine_chunks(), 0)
    index = np.searchsorted(keys, np.array(wanted.to_pylist(), dtype=object))
    index = np.minimum(index, keys.size - 1)
    pick = starts[index] + (rng.random(len(wanted)) * counts[index]).astype(np.int64)
    return register.column("personal_id").combine_chunks().take(pa.array(order[pick]))


def _residence(
    rng: np.random.Generator,
    clean: pa.Table,
    codes: pa.Array,
    register: Population,
    rates: Messiness,
) -> tuple[pa.Array, pa.Array, npt.NDArray[np.int64]]:
    """Province text and address: stale after a move, under a pre-2025 name, or missing."""
    size = clean.num_rows
    hit = corrupt.flags(rng, size, rates.residence.shares())
    other = pa.array(rng.integers(0, register.records.num_rows, size=size))
    moved = pa.array(hit["moved"])

    def lived(column: str) -> pa.Array:
        before = register.records.column(column).combine_chunks().take(other)
        return pc.if_else(moved, before, clean.column(column).combine_chunks())

    code = pc.if_else(moved, register.province_code.take(other), codes)
    address, current = lived("address"), lived("province")
    born = pc.utf8_slice_codeunits(clean.column("personal_id").combine_chunks(), 1, 3)
    old_name = _legacy_names(rng, code, born)
    name = pc.if_else(pa.array(hit["legacy_province_name"]), old_name, current)
    address = pc.binary_join_element_wise(
        pc.replace_substring_regex(address, r",[^,]*$", ""), name, ", "
    )
    province = pc.if_else(pa.array(hit["missing_province"]), None, name)
    address = pc.if_else(pa.array(hit["missing_address"]), None, address)
    home = np.array(code.to_pylist(), dtype=np.int64)
    return province, address, home


def _legacy_names(rng: np.random.Generator, code: pa.Array, born: pa.Array) -> pa.Array:
    """A pre-2025 name of each current province: the birth province's if it merged into it."""
    legacy = {p.code: p.name for p in legacy_provinces()}
    heirs = {old: successor(old).code for old in legacy}
    current = np.array(code.to_pylist(), dtype=object)
    birth = np.array(born.to_pylist(), dtype=object)
    chosen = np.empty(current.size, dtype=object)
    for heir in set(heirs.values()):
        olds = np.array(sorted(c for c, h in heirs.items() if h == heir), dtype=object)
        rows = current == heir
        chosen[rows] = olds[rng.integers(0, olds.size, size=int(rows.sum()))]
        own = rows & np.isin(birth, olds)
        chosen[own] = birth[own]
    return pa.array([legacy[c] for c in chosen], type=pa.string())


def _si_numbers(rng: np.random.Generator, province: npt.NDArray[np.int64]) -> pa.StringArray:
    serial = unique_serials(rng, province, SI_SERIALS)
    return ascii_strings(digit_chars(province * SI_SERIALS + serial, 10))
