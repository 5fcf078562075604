"""Synthetic careers: from 18–22 or 1995, at or above the minimum wage of every month."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow.compute as pc

from ansinh.synth import Dataset
from ansinh.synth.assumptions import WAGE_REGIONS
from ansinh.synth.careers import VOLUNTARY_REGION
from ansinh.synth.wages import history_floors


def test_every_career_month_pays_at_least_the_minimum_wage_in_force(dataset: Dataset) -> None:
    careers = dataset.careers
    first = careers.column("first_month").to_numpy().astype("datetime64[M]")
    last = careers.column("last_month").to_numpy().astype("datetime64[M]")
    regions = dict(
        zip(
            dataset.employers.column("unit_code").to_pylist(),
            (WAGE_REGIONS.index(r) for r in dataset.employers.column("wage_region").to_pylist()),
            strict=True,
        )
    )
    region = np.array(
        [
            VOLUNTARY_REGION if u is None else regions[u]
            for u in careers.column("unit_code").to_pylist()
        ]
    )
    length = (last - first).astype(np.int64) + 1
    row = np.repeat(np.arange(careers.num_rows), length)
    month = first[row] + (np.arange(row.size) - np.repeat(np.cumsum(length) - length, length))
    month_end = (month + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    floor = history_floors(dataset.as_of).at(month_end, region[row])
    assert careers.num_rows > 0
    assert (careers.column("salary").to_numpy()[row] >= floor).all()


def test_careers_start_at_18_to_22_and_not_before_1995(dataset: Dataset) -> None:
    born = dict(
        zip(
            dataset.persons.column("si_number").to_pylist(),
            dataset.persons.column("date_of_birth").to_pylist(),
            strict=True,
        )
    )
    starts: dict[str, date] = {}
    for si, first in zip(
        dataset.careers.column("si_number").to_pylist(),
        dataset.careers.column("first_month").to_pylist(),
        strict=True,
    ):
        starts.setdefault(si, first)
    for si, start in starts.items():
        assert start >= date(1995, 1, 1)
        assert start.year - born[si].year >= 18
        if born[si].year <= 1972:
            assert start == date(1995, 1, 1)
    assert any(born[si].year == 1970 for si in starts)
    assert set(pc.unique(dataset.careers.column("scheme")).to_pylist()) == {
        "compulsory",
        "voluntary",
    }
