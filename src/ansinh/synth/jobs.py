"""Jobs: who holds one, in which province, from when to when, under which contract."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from ansinh.synth.assumptions import CONTRACT_TYPES, Employment
from ansinh.synth.dates import DAYS_PER_YEAR, DateArray, add_years, completed_years
from ansinh.synth.people import People
from ansinh.synth.residence import ProvinceFrame
from ansinh.synth.sampling import IntArray, choose
from ansinh.synth.text import take

BAND_YEARS = 5


@dataclass(frozen=True)
class Jobs:
    """One job per employed person, ordered by person; `end` is NaT while the job is open."""

    person: IntArray
    workplace: IntArray
    start: DateArray
    end: DateArray
    contract: IntArray

    @property
    def ended(self) -> npt.NDArray[np.bool_]:
        """Whether each job has ended."""
        return ~np.isnat(self.end)


def draw_jobs(
    rng: np.random.Generator,
    people: People,
    *,
    model: Employment,
    frame: ProvinceFrame,
    as_of: np.datetime64,
    history_start: np.datetime64,
) -> Jobs:
    """Pick who works, where and since when; no ended job ends before `history_start`."""
    person = np.flatnonzero(
        rng.random(people.birth_date.size) < _job_odds(people, model, frame, as_of)
    )
    size = person.size
    home = people.province[person]
    workplace = np.where(
        rng.random(size) < model.cross_province_share,
        choose(rng, np.bincount(home, minlength=len(frame.current)), size),
        home,
    )
    ended = rng.random(size) < model.ended_share
    recency = np.floor(rng.random(size) * model.ended_within_years * DAYS_PER_YEAR)
    end = np.maximum(as_of - recency.astype("timedelta64[D]"), history_start)
    tenure = np.floor(rng.exponential(model.tenure_mean_years * DAYS_PER_YEAR, size))
    career_start = add_years(people.birth_date[person], model.min_start_age)
    start = np.maximum(np.where(ended, end, as_of) - tenure.astype("timedelta64[D]"), career_start)
    ended &= (end - start).astype(np.int64) >= model.min_tenure_days
    return Jobs(
        person=person,
        workplace=workplace,
        start=start,
        end=np.where(ended, end, np.datetime64("NaT", "D")),
        contract=choose(rng, [model.contract_types[c] for c in CONTRACT_TYPES], size),
    )


def _job_odds(
    people: People, model: Employment, frame: ProvinceFrame, as_of: np.datetime64
) -> npt.NDArray[np.float64]:
    """Probability that each person holds a job, from age band and current province."""
    age = completed_years(people.birth_date, as_of)
    by_band = np.zeros(age.max() // BAND_YEARS + 1)
    for lower, share in model.share_by_age.items():
        if lower // BAND_YEARS < by_band.size:
            by_band[lower // BAND_YEARS] = share
    factor = np.array([model.province_factor.get(code, 1.0) for code in frame.current])
    odds = np.minimum(by_band[age // BAND_YEARS] * factor[people.province], model.max_share)
    return np.where(age >= model.min_start_age, odds, 0.0)


def employments_table(
    jobs: Jobs, *, si_numbers: pa.Array, unit_codes: pa.Array, employer_of_job: IntArray
) -> pa.Table:
    """The employments table: ids 1..n in job order, with person and employer keys."""
    return pa.table(
        {
            "employment_id": pa.array(np.arange(1, jobs.person.size + 1), type=pa.int64()),
            "si_number": si_numbers.take(pa.array(jobs.person)),
            "unit_code": unit_codes.take(pa.array(employer_of_job)),
            "start_date": pa.array(jobs.start, type=pa.date32()),
            "end_date": pa.array(jobs.end, type=pa.date32(), mask=~jobs.ended),
            "contract_type": take(CONTRACT_TYPES, jobs.contract),
        }
    )
