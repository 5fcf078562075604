"""Salary history: 1–3 dated amounts per job, never below the regional minimum wage."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from ansinh.synth.assumptions import Employment
from ansinh.synth.jobs import Jobs
from ansinh.synth.sampling import IntArray, choose
from ansinh.synth.wages import WageFloors


def generate_salaries(
    rng: np.random.Generator,
    jobs: Jobs,
    *,
    region: IntArray,
    floors: WageFloors,
    model: Employment,
    as_of: np.datetime64,
) -> pa.Table:
    """Draw each job's salary rows; `region` is each job's wage-region index.

    The first row starts with the job, or on the first day the rules store knows a minimum
    wage for. Every amount is at least the minimum wage in force on its effective date and on
    the last day it applies, so no salary falls below a later increase of the minimum.
    """
    first = np.maximum(jobs.start, floors.first_day)
    last = np.where(jobs.ended, jobs.end, as_of)
    span = (last - first).astype(np.int64)
    choices = np.array(list(model.salary_rows), dtype=np.int64)
    rows = choices[choose(rng, model.salary_rows.values(), span.size)]
    rows = np.minimum(rows, span + 1)
    job = np.repeat(np.arange(span.size), rows)
    head = np.repeat(np.cumsum(rows) - rows, rows)
    is_head = np.arange(job.size) == head
    offset = np.where(is_head, 0, rng.integers(1, np.maximum(span, 1)[job] + 1))
    order = np.lexsort((offset, job))
    job, offset = job[order], offset[order]
    keep = np.ones(job.size, dtype=bool)
    keep[1:] = (job[1:] != job[:-1]) | (offset[1:] != offset[:-1])
    job, offset, is_head = job[keep], offset[keep], is_head[order][keep]
    effective = first[job] + offset.astype("timedelta64[D]")
    next_same_job = np.append(job[1:] == job[:-1], False)
    until = np.where(next_same_job, np.roll(effective, -1) - np.timedelta64(1, "D"), last[job])
    multiple = 1 + rng.lognormal(model.salary_multiple.mu, model.salary_multiple.sigma, span.size)
    raises = rng.uniform(model.raise_min, model.raise_max, job.size)
    growth = np.cumsum(np.where(is_head, 0.0, np.log1p(raises)))
    growth = np.exp(growth - growth[np.flatnonzero(is_head)][job])
    minimum = floors.at(effective, region[job])
    floor = np.maximum(minimum, floors.at(until, region[job]))
    wanted = np.maximum(minimum * multiple[job] * growth, floor)
    amount = np.ceil(wanted / model.rounding).astype(np.int64) * model.rounding
    return pa.table(
        {
            "employment_id": pa.array(job + 1, type=pa.int64()),
            "effective_from": pa.array(effective, type=pa.date32()),
            "amount": pa.array(amount, type=pa.int64()),
        }
    )
