"""Employers: heavy-tailed sizes, filled with the jobs of their province, codes and names."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from ansinh.synth.assumptions import WAGE_REGIONS, Employers, FirmSize
from ansinh.synth.residence import ProvinceFrame
from ansinh.synth.sampling import IntArray, choose, choose_by_group, unique_serials
from ansinh.synth.text import ascii_strings, concat, digit_chars, letter_chars, take

TAX_SERIALS = 10**8  # a 10-digit tax code: 2-digit province code and 8 more digits
UNIT_DIGITS = 10**4  # unit code: 2 letters, 4 digits, 1 letter
LETTERS = 26


@dataclass(frozen=True)
class Workplaces:
    """The employers table, each employer's wage-region index, and each job's employer."""

    table: pa.Table
    region: IntArray
    employer_of_job: IntArray


def generate_employers(
    rng: np.random.Generator, workplace: IntArray, *, model: Employers, frame: ProvinceFrame
) -> Workplaces:
    """Create employers in each province and fill them, in random order, with its jobs."""
    employer_of_job = np.zeros(workplace.size, dtype=np.int64)
    sizes: list[IntArray] = []
    provinces: list[IntArray] = []
    for province in np.unique(workplace):
        jobs = rng.permutation(np.flatnonzero(workplace == province))
        size = _sizes_covering(rng, model.size, jobs.size)
        employer_of_job[jobs] = sum(s.size for s in sizes) + np.searchsorted(
            np.cumsum(size), np.arange(jobs.size), side="right"
        )
        sizes.append(size)
        provinces.append(np.full(size.size, province, dtype=np.int64))
    province = np.concatenate(provinces) if provinces else np.zeros(0, dtype=np.int64)
    region = choose_by_group(
        rng,
        province,
        [model.wage_regions.for_province(code).weights() for code in frame.current],
    )
    codes = frame.current_numbers[province]
    table = pa.table(
        {
            "unit_code": _unit_codes(rng, province.size),
            "tax_code": ascii_strings(
                digit_chars(codes * TAX_SERIALS + unique_serials(rng, codes, TAX_SERIALS), 10)
            ),
            "name": _names(rng, model, province.size),
            "province_code": ascii_strings(digit_chars(codes, 2)),
            "wage_region": take(WAGE_REGIONS, region),
            "size": pa.array(
                np.concatenate(sizes) if sizes else np.zeros(0, np.int64), type=pa.int64()
            ),
        }
    )
    return Workplaces(table=table, region=region, employer_of_job=employer_of_job)


def _sizes_covering(rng: np.random.Generator, law: FirmSize, jobs: int) -> IntArray:
    """Draw target headcounts until they add up to at least `jobs`; return just enough."""
    drawn = np.zeros(0, dtype=np.int64)
    while drawn.sum() < jobs:
        drawn = np.concatenate([drawn, _firm_sizes(rng, law, max(16, jobs // 16))])
    return drawn[: np.searchsorted(np.cumsum(drawn), jobs) + 1]


def _firm_sizes(rng: np.random.Generator, law: FirmSize, count: int) -> IntArray:
    """Inverse-CDF draws from the truncated Lomax law of `law`."""
    top = 1 - (1 + (law.max - 1) / law.scale) ** -law.alpha
    tail = (1 - rng.random(count) * top) ** (-1 / law.alpha) - 1
    sizes: IntArray = np.floor(1 + law.scale * tail).astype(np.int64).clip(1, law.max)
    return sizes


def _unit_codes(rng: np.random.Generator, count: int) -> pa.StringArray:
    """Unique unit codes shaped like "TA1234A"."""
    value = unique_serials(rng, np.zeros(count, dtype=np.int64), LETTERS**2 * UNIT_DIGITS * LETTERS)
    return ascii_strings(
        letter_chars(value // (UNIT_DIGITS * LETTERS), 2),
        digit_chars(value // LETTERS % UNIT_DIGITS, 4),
        letter_chars(value % LETTERS, 1),
    )


def _names(rng: np.random.Generator, model: Employers, count: int) -> pa.StringArray:
    """Company names: legal form, sector, and a brand of two distinct syllables."""
    forms = list(model.legal_forms)
    syllables = len(model.brand_syllables)
    first = rng.integers(0, syllables, size=count)
    second = (first + rng.integers(1, syllables, size=count)) % syllables
    return concat(
        take(forms, choose(rng, model.legal_forms.values(), count)),
        " ",
        take(model.sectors, rng.integers(0, len(model.sectors), size=count)),
        " ",
        take(model.brand_syllables, first),
        " ",
        take(model.brand_syllables, second),
    )
