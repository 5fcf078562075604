"""Employments and salaries: keys, dates, contracts, and salaries above the legal floor."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pyarrow.compute as pc

from ansinh.rules.store import parameter
from ansinh.synth import Dataset
from ansinh.synth.assumptions import assumptions

MINIMUM_WAGE = "wages/regional_minimum_wage"


def test_employments_have_the_output_columns_and_ids_one_to_n(dataset: Dataset) -> None:
    table = dataset.employments
    assert table.column_names == [
        "employment_id",
        "si_number",
        "unit_code",
        "start_date",
        "end_date",
        "contract_type",
    ]
    assert table.column("employment_id").to_pylist() == list(range(1, table.num_rows + 1))


def test_a_realistic_share_of_people_is_employed(national: Dataset) -> None:
    share = national.employments.num_rows / national.persons.num_rows
    assert 0.15 < share < 0.3
    ended = 1 - national.employments.column("end_date").null_count / national.employments.num_rows
    assert 0.05 < ended < 0.25


def test_employments_point_at_known_people_and_employers(dataset: Dataset) -> None:
    people = set(dataset.persons.column("si_number").to_pylist())
    units = set(dataset.employers.column("unit_code").to_pylist())
    sis = dataset.employments.column("si_number").to_pylist()
    assert set(sis) <= people
    assert len(set(sis)) == len(sis)
    assert set(dataset.employments.column("unit_code").to_pylist()) <= units


def test_jobs_start_after_age_eighteen_and_dates_are_ordered(dataset: Dataset) -> None:
    born = dict(
        zip(
            dataset.persons.column("si_number").to_pylist(),
            dataset.persons.column("date_of_birth").to_pylist(),
            strict=True,
        )
    )
    min_age = assumptions().employment.min_start_age
    for row in dataset.employments.to_pylist():
        birth = born[row["si_number"]]
        try:
            birthday = birth.replace(year=birth.year + min_age)
        except ValueError:  # born on 29 February
            birthday = date(birth.year + min_age, 3, 1)
        assert row["start_date"] >= birthday
        assert row["start_date"] <= dataset.as_of
        if row["end_date"] is not None:
            assert row["start_date"] < row["end_date"] <= dataset.as_of
        assert row["contract_type"] in {"indefinite", "definite", "short_term"}


def test_most_people_work_in_their_own_province(national: Dataset) -> None:
    home = dict(
        zip(
            national.persons.column("si_number").to_pylist(),
            national.persons.column("province_code").to_pylist(),
            strict=True,
        )
    )
    unit_province = dict(
        zip(
            national.employers.column("unit_code").to_pylist(),
            national.employers.column("province_code").to_pylist(),
            strict=True,
        )
    )
    rows = national.employments.select(["si_number", "unit_code"]).to_pylist()
    local = sum(home[r["si_number"]] == unit_province[r["unit_code"]] for r in rows)
    assert 0.9 < local / len(rows) < 1.0


def test_each_employment_has_one_to_three_salary_rows_within_its_dates(dataset: Dataset) -> None:
    rows_by_job: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in dataset.salaries.to_pylist():
        rows_by_job[row["employment_id"]].append(row)
    assert dataset.salaries.column_names == ["employment_id", "effective_from", "amount"]
    assert set(rows_by_job) == set(dataset.employments.column("employment_id").to_pylist())
    for job in dataset.employments.to_pylist():
        salaries = rows_by_job[job["employment_id"]]
        dates = [s["effective_from"] for s in salaries]
        assert 1 <= len(salaries) <= 3
        assert dates == sorted(set(dates))
        assert dates[0] >= job["start_date"]
        assert dates[-1] <= (job["end_date"] or dataset.as_of)


def _salary_periods(dataset: Dataset) -> list[tuple[int, str, date, date]]:
    """(amount, wage region, effective from, last day in force) of every salary row."""
    region_of_unit = dict(
        zip(
            dataset.employers.column("unit_code").to_pylist(),
            dataset.employers.column("wage_region").to_pylist(),
            strict=True,
        )
    )
    jobs = {row["employment_id"]: row for row in dataset.employments.to_pylist()}
    rows = dataset.salaries.to_pylist()
    periods = []
    for row, after in zip(rows, [*rows[1:], None], strict=True):
        job = jobs[row["employment_id"]]
        if after is not None and after["employment_id"] == row["employment_id"]:
            until = after["effective_from"] - timedelta(days=1)
        else:
            until = job["end_date"] or dataset.as_of
        region = region_of_unit[job["unit_code"]]
        periods.append((row["amount"], region, row["effective_from"], until))
    return periods


def _minimum(on: date, region: str) -> int:
    value = parameter(MINIMUM_WAGE).value_at(on)
    assert isinstance(value, dict)
    return int(value[region])


def test_salaries_are_whole_thousands_at_or_above_the_regional_minimum(dataset: Dataset) -> None:
    for amount, region, effective_from, _ in _salary_periods(dataset):
        assert amount >= _minimum(effective_from, region)
        assert amount % 1000 == 0


def test_salaries_stay_above_a_minimum_wage_raised_while_they_apply(dataset: Dataset) -> None:
    for amount, region, _, until in _salary_periods(dataset):
        assert amount >= _minimum(until, region)


def test_salaries_are_skewed_upward(national: Dataset) -> None:
    amounts = national.salaries.column("amount")
    median = pc.approximate_median(amounts).as_py()
    top = pc.quantile(amounts, q=0.99).to_pylist()[0]
    assert 6_000_000 < median < 12_000_000
    assert top > 3 * median


def test_no_date_is_after_the_reference_date(dataset: Dataset) -> None:
    columns = [
        dataset.persons.column("date_of_birth"),
        dataset.employments.column("start_date"),
        dataset.employments.column("end_date"),
        dataset.salaries.column("effective_from"),
    ]
    for column in columns:
        assert pc.max(column).as_py() <= dataset.as_of
    assert date(1900, 1, 1) < pc.min(columns[0]).as_py()
