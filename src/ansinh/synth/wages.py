"""Regional minimum wages from the rules store, as arrays for vectorised lookups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ansinh.rules.store import ParameterError, parameter
from ansinh.synth.assumptions import WAGE_REGIONS
from ansinh.synth.dates import DateArray, day
from ansinh.synth.sampling import IntArray

PARAMETER = "wages/regional_minimum_wage"
GENERAL = "wages/general_minimum_wage"


@dataclass(frozen=True)
class WageFloors:
    """Monthly regional minimum wages: one row per period in force, one column per region."""

    starts: DateArray
    amounts: IntArray

    @property
    def first_day(self) -> np.datetime64:
        """The first day the store gives a minimum wage for."""
        first: np.datetime64 = self.starts[0]
        return first

    def at(self, days: DateArray, regions: IntArray) -> IntArray:
        """Return the minimum wage in force on each day for each region index."""
        period = np.searchsorted(self.starts, days, side="right") - 1
        if (period < 0).any():
            raise ValueError(f"no regional minimum wage is known before {self.first_day}")
        return self.amounts[period, regions]


def wage_floors(as_of: date) -> WageFloors:
    """Collect every regional minimum wage in force up to `as_of`, oldest first."""
    return _floors(PARAMETER, as_of)


def history_floors(as_of: date) -> WageFloors:
    """Regional minimum wages, preceded by the general minimum wage (for every region)."""
    regional = wage_floors(as_of)
    before = regional.first_day.astype(date) - timedelta(days=1)
    general = _floors(GENERAL, before)
    return WageFloors(
        starts=np.concatenate([general.starts, regional.starts]),
        amounts=np.concatenate([general.amounts, regional.amounts]),
    )


def _floors(name: str, as_of: date) -> WageFloors:
    rule = parameter(name)
    periods: list[tuple[date, list[int]]] = []
    on = as_of
    while True:
        try:
            in_force = rule.in_force(on)
        except ParameterError:
            break
        value = in_force.value
        if isinstance(value, int):
            value = dict.fromkeys(WAGE_REGIONS, value)
        if not isinstance(value, dict):
            raise ValueError(f"{name} must be an amount or map each wage region to one")
        periods.append((in_force.effective_from, [int(value[r]) for r in WAGE_REGIONS]))
        on = in_force.effective_from - timedelta(days=1)
    if not periods:
        raise ValueError(f"{name}: nothing in force on {as_of}")
    periods.reverse()
    return WageFloors(
        starts=np.array([day(start) for start, _ in periods], dtype="datetime64[D]"),
        amounts=np.array([amounts for _, amounts in periods], dtype=np.int64),
    )
