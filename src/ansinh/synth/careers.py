"""Whole careers before the current job: employers, salary steps, gaps and voluntary periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from ansinh.synth.assumptions import Careers, Employment, MonthRange
from ansinh.synth.dates import DateArray, add_years
from ansinh.synth.sampling import IntArray
from ansinh.synth.text import take
from ansinh.synth.wages import WageFloors

MonthArray = npt.NDArray[np.int64]  # months since 1970-01
WORK, GAP, VOLUNTARY = 0, 1, 2
SCHEMES = ("compulsory", "voluntary")
VOLUNTARY_REGION = 3  # the lowest wage region's floor bounds a self-chosen income


def months(days: DateArray) -> MonthArray:
    """The month of each day, as months since 1970-01."""
    return days.astype("datetime64[M]").astype(np.int64)


def month_of(value: date) -> int:
    """The month of one date, as months since 1970-01."""
    return int(np.datetime64(value, "M").astype(np.int64))


def _month_days(month: MonthArray) -> DateArray:
    """The first day of each month."""
    return cast(DateArray, month.astype("datetime64[M]").astype("datetime64[D]"))


@dataclass(frozen=True)
class Calendar:
    """The months from `origin` (months since 1970-01): first days and minimum wages by region."""

    origin: int
    first_day: DateArray
    floor_at_start: IntArray
    floor_at_end: IntArray

    @classmethod
    def of(cls, origin: int, stop: int, floors: WageFloors) -> Calendar:
        """Months `origin` to `stop` inclusive, with the wage in force on their first/last day."""
        days = _month_days(np.arange(origin, max(stop, origin) + 2))
        first, last = days[:-1], days[1:] - np.timedelta64(1, "D")
        regions = floors.amounts.shape[1]
        grid = np.tile(np.arange(regions), first.size)
        return cls(
            origin=origin,
            first_day=first,
            floor_at_start=floors.at(np.repeat(first, regions), grid).reshape(-1, regions),
            floor_at_end=floors.at(np.repeat(last, regions), grid).reshape(-1, regions),
        )


def generate_careers(
    rng: np.random.Generator,
    *,
    birth_date: DateArray,
    until: MonthArray,
    employer_region: IntArray,
    floors: WageFloors,
    model: Careers,
    pay: Employment,
) -> pa.Table:
    """Draw the careers of the persons whose `until` (exclusive end month) is not negative.

    Returns one row per salary step or voluntary period: person index, scheme index, employer
    index (-1 when voluntary), first and last month and the monthly salary, which is at least
    the minimum wage in force on the last day of every month it covers.
    """
    who = np.flatnonzero(until >= 0)
    age = rng.integers(model.start_age_min, model.start_age_max + 1, who.size)
    start = np.maximum(months(add_years(birth_date[who], age)) + 1, month_of(model.history_from))
    keep = start < until[who]
    who, cursor, end = who[keep], start[keep], until[who][keep]
    multiple = 1 + rng.lognormal(pay.salary_multiple.mu, pay.salary_multiple.sigma, who.size)
    growth = np.ones(who.size)
    mode = np.full(who.size, WORK)
    employer = rng.integers(0, employer_region.size, who.size)
    voluntary_from = month_of(model.voluntary_from)
    calendar = Calendar.of(month_of(model.history_from), int(until.max()), floors)
    rows: list[tuple[IntArray, ...]] = []
    live = np.arange(who.size)
    while live.size:
        kind = mode[live]
        length = np.select(
            [kind == WORK, kind == GAP],
            [_draw(rng, model.step_months, live.size), _draw(rng, model.gap_months, live.size)],
            _draw(rng, model.voluntary_months, live.size),
        )
        first = cursor[live]
        last = np.minimum(first + length - 1, end[live] - 1)
        growth[live] *= np.where(
            kind == WORK, 1 + rng.uniform(pay.raise_min, pay.raise_max, live.size), 1
        )
        paid = kind != GAP
        region = np.where(kind == WORK, employer_region[employer[live]], VOLUNTARY_REGION)
        rows.append(
            (
                who[live][paid],
                (kind == VOLUNTARY)[paid].astype(np.int64),
                np.where(kind == WORK, employer[live], -1)[paid],
                first[paid],
                last[paid],
                _salary(calendar, first, last, region, multiple[live] * growth[live], pay)[paid],
            )
        )
        cursor[live] = last + 1
        ends = (kind != WORK) | (rng.random(live.size) < model.spell_end)
        following = _following(rng, model, live.size, last + 1 >= voluntary_from)
        mode[live] = np.where(ends & (kind == WORK), following, WORK)
        employer[live] = np.where(
            ends, rng.integers(0, employer_region.size, live.size), employer[live]
        )
        live = live[cursor[live] < end[live]]
    return _table(rows, calendar)


def _draw(rng: np.random.Generator, bounds: MonthRange, size: int) -> MonthArray:
    return rng.integers(bounds.min, bounds.max + 1, size)


def _following(
    rng: np.random.Generator, model: Careers, size: int, voluntary_open: npt.NDArray[np.bool_]
) -> IntArray:
    """What follows a spell: a gap, a voluntary period (once open) or the next employer."""
    weights = np.array([model.next.gap, model.next.voluntary, model.next.employer])
    drawn = np.searchsorted(np.cumsum(weights / weights.sum()), rng.random(size), side="right")
    following = np.array([GAP, VOLUNTARY, WORK])[np.minimum(drawn, 2)]
    return np.where((following == VOLUNTARY) & ~voluntary_open, GAP, following)


def _salary(
    calendar: Calendar,
    first: MonthArray,
    last: MonthArray,
    region: IntArray,
    multiple: npt.NDArray[np.float64],
    pay: Employment,
) -> IntArray:
    """The floor of the first month times the multiple, never below the last month's floor."""
    start = calendar.floor_at_start[first - calendar.origin, region]
    wanted = np.maximum(start * multiple, calendar.floor_at_end[last - calendar.origin, region])
    amount: IntArray = np.ceil(wanted / pay.rounding).astype(np.int64) * pay.rounding
    return amount


def careers_table(drawn: pa.Table, *, si_numbers: pa.Array, unit_codes: pa.Array) -> pa.Table:
    """The careers output table: person and employer keys instead of indices."""
    employer = drawn.column("employer").to_numpy()
    voluntary = employer < 0
    return pa.table(
        {
            "si_number": si_numbers.take(drawn.column("person")),
            "scheme": take(SCHEMES, drawn.column("scheme").to_numpy()),
            "unit_code": unit_codes.take(pa.array(np.maximum(employer, 0), mask=voluntary)),
            "first_month": drawn.column("first_month"),
            "last_month": drawn.column("last_month"),
            "salary": drawn.column("salary"),
        }
    )


def former_until(
    rng: np.random.Generator, working: npt.NDArray[np.bool_], model: Careers, as_of: date
) -> MonthArray:
    """Exclusive end months: -1 for no career, a drawn month for a share of those not working."""
    now = month_of(as_of)
    span = now - month_of(model.history_from)
    former = ~working & (rng.random(working.size) < model.former_share)
    return np.where(former, now - rng.integers(0, span + 1, working.size), -1)


def _table(rows: list[tuple[IntArray, ...]], calendar: Calendar) -> pa.Table:
    if not rows:
        rows = [tuple(np.zeros(0, dtype=np.int64) for _ in range(6))]
    person, scheme, employer, first, last, salary = (
        np.concatenate(c) for c in zip(*rows, strict=True)
    )
    # Each person's rows were appended in time order: a stable sort by person keeps it.
    order = np.argsort(person, kind="stable")
    return pa.table(
        {
            "person": pa.array(person[order]),
            "scheme": pa.array(scheme[order]),
            "employer": pa.array(employer[order]),
            "first_month": _dates(calendar, first[order]),
            "last_month": _dates(calendar, last[order]),
            "salary": pa.array(salary[order]),
        }
    )


def _dates(calendar: Calendar, month: MonthArray) -> pa.Array:
    """First days of months as an Arrow date column (numpy dates convert slowly: day numbers)."""
    day_numbers = calendar.first_day.astype(np.int64).astype(np.int32)
    return pa.array(day_numbers[month - calendar.origin], type=pa.date32())
