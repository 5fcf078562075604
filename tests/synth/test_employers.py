"""Employers: unique codes, names, provinces, wage regions and a heavy-tailed size law."""

from __future__ import annotations

import re

import numpy as np
import pyarrow.compute as pc

from ansinh.geo import current_provinces
from ansinh.synth import Dataset
from ansinh.synth.assumptions import assumptions
from ansinh.synth.employers import _firm_sizes

UNIT_CODE = re.compile(r"^[A-Z]{2}\d{4}[A-Z]$")
TAX_CODE = re.compile(r"^\d{10}$")


def test_employers_have_the_output_columns(dataset: Dataset) -> None:
    assert dataset.employers.column_names == [
        "unit_code",
        "tax_code",
        "name",
        "province_code",
        "wage_region",
        "size",
    ]
    assert dataset.employers.num_rows > 0


def test_unit_and_tax_codes_are_unique_and_well_formed(dataset: Dataset) -> None:
    for column, shape in (("unit_code", UNIT_CODE), ("tax_code", TAX_CODE)):
        values = dataset.employers.column(column).to_pylist()
        assert len(set(values)) == len(values)
        assert all(shape.match(v) for v in values)


def test_names_provinces_regions_and_sizes_are_valid(dataset: Dataset) -> None:
    codes = {p.code for p in current_provinces(dataset.as_of)}
    forms = tuple(assumptions().employers.legal_forms)
    for row in dataset.employers.to_pylist():
        assert row["name"].startswith(forms)
        assert row["province_code"] in codes
        assert row["wage_region"] in {"I", "II", "III", "IV"}
        assert row["size"] >= 1


def test_big_cities_are_mostly_in_wage_region_one(national: Dataset) -> None:
    rows = national.employers.select(["province_code", "wage_region"]).to_pylist()
    hcmc = [r["wage_region"] for r in rows if r["province_code"] == "79"]
    assert hcmc.count("I") / len(hcmc) > 0.8


def test_firm_sizes_are_heavy_tailed() -> None:
    sizes = _firm_sizes(np.random.default_rng(0), assumptions().employers.size, 200_000)
    assert 0.6 < np.mean(sizes < 10) < 0.8
    assert np.mean(sizes >= 1_000) > 0.001
    assert sizes.max() <= assumptions().employers.size.max
    assert 20 < sizes.mean() < 50


def test_headcounts_do_not_exceed_target_size(dataset: Dataset) -> None:
    counted = pc.value_counts(dataset.employments.column("unit_code")).to_pylist()
    headcount = {c["values"]: c["counts"] for c in counted}
    for row in dataset.employers.select(["unit_code", "size"]).to_pylist():
        assert 1 <= headcount[row["unit_code"]] <= row["size"]
