"""Generate a whole synthetic data set: persons, employers, employments and salaries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from ansinh.synth.assumptions import assumptions
from ansinh.synth.careers import careers_table, former_until, generate_careers, months
from ansinh.synth.dates import day
from ansinh.synth.employers import generate_employers
from ansinh.synth.jobs import draw_jobs, employments_table
from ansinh.synth.people import generate_people
from ansinh.synth.residence import province_frame, residence_weights
from ansinh.synth.salaries import generate_salaries
from ansinh.synth.wages import history_floors, wage_floors

GENERATOR_VERSION = "1"
DEFAULT_AS_OF = date(2026, 11, 1)
STAGES = ("persons", "employments", "employers", "salaries", "careers")
TABLES = ("persons", "employers", "employments", "salaries", "careers")


@dataclass(frozen=True)
class Dataset:
    """A generated data set, as of one reference date; tables use the output column names."""

    seed: int
    people: int
    province: str | None
    as_of: date
    persons: pa.Table
    employers: pa.Table
    employments: pa.Table
    salaries: pa.Table
    careers: pa.Table

    def tables(self) -> dict[str, pa.Table]:
        """Return the tables by name, in TABLES order."""
        return {name: getattr(self, name) for name in TABLES}


def generate(
    people: int,
    seed: int,
    province: str | None = None,
    *,
    as_of: date = DEFAULT_AS_OF,
    on_stage: Callable[[str], None] | None = None,
) -> Dataset:
    """Generate `people` persons (all in `province`, a current 2-digit code, if given).

    Args:
        people: number of persons, at least 1.
        seed: seed of the random generator; the same arguments give the same data set.
        province: current (post-2025) province code, or None for the whole country.
        as_of: reference date; no generated date is later.
        on_stage: called with each name in STAGES as that stage starts.

    Returns:
        The data set, with tables in the output schema.
    """
    if people < 1:
        raise ValueError(f"people must be at least 1; got {people}")
    announce = on_stage or (lambda _stage: None)
    model = assumptions()
    frame = province_frame(as_of)
    home = None if province is None else frame.current_index(province)
    floors = wage_floors(as_of)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STAGES))]

    announce("persons")
    persons = generate_people(
        streams[0],
        people,
        model=model,
        frame=frame,
        residence=residence_weights(frame, model.population),
        province=home,
        as_of=as_of,
    )
    announce("employments")
    jobs = draw_jobs(
        streams[1],
        persons,
        model=model.employment,
        frame=frame,
        as_of=day(as_of),
        history_start=floors.first_day,
    )
    announce("employers")
    workplaces = generate_employers(streams[2], jobs.workplace, model=model.employers, frame=frame)
    announce("salaries")
    salaries = generate_salaries(
        streams[3],
        jobs,
        region=workplaces.region[workplaces.employer_of_job],
        floors=floors,
        model=model.employment,
        as_of=day(as_of),
    )
    announce("careers")
    working = np.zeros(persons.table.num_rows, dtype=bool)
    working[jobs.person] = True
    until = former_until(streams[4], working, model.careers, as_of)
    until[jobs.person] = months(jobs.start)
    si_numbers = persons.table.column("si_number").combine_chunks()
    unit_codes = workplaces.table.column("unit_code").combine_chunks()
    careers = generate_careers(
        streams[4],
        birth_date=persons.birth_date,
        until=until,
        employer_region=workplaces.region,
        floors=history_floors(as_of),
        model=model.careers,
        pay=model.employment,
    )
    return Dataset(
        seed=seed,
        people=people,
        province=province,
        as_of=as_of,
        persons=persons.table,
        employers=workplaces.table,
        employments=employments_table(
            jobs,
            si_numbers=si_numbers,
            unit_codes=unit_codes,
            employer_of_job=workplaces.employer_of_job,
        ),
        salaries=salaries,
        careers=careers_table(careers, si_numbers=si_numbers, unit_codes=unit_codes),
    )
