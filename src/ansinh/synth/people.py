"""Persons: sex, date of birth, provinces, personal ID, SI number, name and address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from ansinh.geo import merger_date
from ansinh.identity import build_personal_id
from ansinh.synth.addresses import addresses
from ansinh.synth.assumptions import Assumptions, Population
from ansinh.synth.dates import DAYS_PER_YEAR, DateArray, day
from ansinh.synth.names import REGIONS, SEXES, full_names
from ansinh.synth.residence import ProvinceFrame, draw_residence
from ansinh.synth.sampling import FloatArray, IntArray, choose, unique_serials
from ansinh.synth.text import ascii_strings, digit_chars, take

PERSONAL_ID_SERIALS = 10**6  # positions 7–12 of a personal ID
SI_SERIALS = 10**8  # an SI number is a 2-digit province code and 8 more digits


@dataclass(frozen=True)
class People:
    """The persons table plus the arrays later stages need, in table row order."""

    table: pa.Table
    birth_date: DateArray
    province: IntArray


def generate_people(
    rng: np.random.Generator,
    size: int,
    *,
    model: Assumptions,
    frame: ProvinceFrame,
    residence: FloatArray,
    province: int | None,
    as_of: date,
) -> People:
    """Draw `size` persons living in `province` (a current-province index) or anywhere."""
    sex, birth_date = _sex_and_birth_date(rng, model.population, size, day(as_of))
    legacy, current = draw_residence(rng, size, residence, province)
    birth_year = birth_date.astype("datetime64[Y]").astype(np.int64) + 1970
    registered = np.where(
        birth_date >= day(merger_date()),
        frame.current_numbers[frame.heir[legacy]],
        frame.legacy_numbers[legacy],
    )
    region_of = [REGIONS.index(model.population.provinces[c].region) for c in frame.legacy]
    province_codes = frame.current_numbers[current]
    si_serial = unique_serials(rng, province_codes, SI_SERIALS)
    table = pa.table(
        {
            "si_number": ascii_strings(digit_chars(province_codes * SI_SERIALS + si_serial, 10)),
            "personal_id": _personal_ids(rng, registered, sex, birth_year),
            "full_name": full_names(
                rng,
                model.names,
                sex=sex,
                birth_year=birth_year,
                region=np.array(region_of, dtype=np.int64)[legacy],
            ),
            "date_of_birth": pa.array(birth_date, type=pa.date32()),
            "dob_precision": take(["day"], np.zeros(size, dtype=np.int64)),
            "sex": take(SEXES, sex),
            "birth_registration_code": ascii_strings(digit_chars(registered, 3)),
            "address": addresses(rng, model.places, current, frame.current_names),
            "province_code": ascii_strings(digit_chars(province_codes, 2)),
        }
    )
    return People(table=table, birth_date=birth_date, province=current)


def _sex_and_birth_date(
    rng: np.random.Generator, population: Population, size: int, as_of: np.datetime64
) -> tuple[IntArray, DateArray]:
    """Draw sex (index into SEXES) and date of birth from the age pyramid."""
    bands = population.age_bands
    pick = choose(rng, [w for band in bands for w in (band.male, band.female)], size)
    band, sex = pick // 2, pick % 2
    lowers = np.array([b.lower for b in bands], dtype=np.float64)
    widths = np.append(np.diff(lowers), population.open_band_width)
    age = lowers[band] + rng.random(size) * widths[band]
    age_days = np.floor(age * DAYS_PER_YEAR).astype(np.int64)
    return sex, as_of - age_days.astype("timedelta64[D]")


def _personal_ids(
    rng: np.random.Generator, registered: IntArray, sex: IntArray, birth_year: IntArray
) -> pa.StringArray:
    """Unique personal IDs whose first six digits come from identity.build_personal_id."""
    group = (registered * 10_000 + birth_year) * len(SEXES) + sex
    combos, member_of = np.unique(group, return_inverse=True)
    heads = np.array(
        [
            int(
                build_personal_id(
                    birth_registration_code=f"{combo // len(SEXES) // 10_000:03d}",
                    sex=SEXES[combo % len(SEXES)],
                    birth_year=int(combo // len(SEXES) % 10_000),
                    serial=0,
                )
            )
            // PERSONAL_ID_SERIALS
            for combo in combos
        ],
        dtype=np.int64,
    )
    member_of = member_of.astype(np.int64)
    serial = unique_serials(rng, member_of, PERSONAL_ID_SERIALS)
    return ascii_strings(digit_chars(heads[member_of] * PERSONAL_ID_SERIALS + serial, 12))
