"""Persons: sizes, unique keys, ID consistency, ages, names and addresses."""

from __future__ import annotations

import unicodedata
from datetime import date

import pyarrow.compute as pc

from ansinh.geo import current_provinces, legacy_provinces, merger_date, successor
from ansinh.identity import parse_personal_id, parse_si_number
from ansinh.synth import Dataset
from tests.synth.conftest import NATIONAL_PEOPLE

PERSON_COLUMNS = [
    "si_number",
    "personal_id",
    "full_name",
    "date_of_birth",
    "dob_precision",
    "sex",
    "birth_registration_code",
    "address",
    "province_code",
]


def test_persons_have_the_output_columns_and_the_asked_number_of_rows(national: Dataset) -> None:
    assert national.persons.column_names == PERSON_COLUMNS
    assert national.persons.num_rows == NATIONAL_PEOPLE
    assert set(national.persons.column("dob_precision").to_pylist()) == {"day"}


def test_personal_ids_and_si_numbers_are_unique(dataset: Dataset) -> None:
    for column in ("personal_id", "si_number"):
        values = dataset.persons.column(column)
        assert pc.count_distinct(values).as_py() == len(values)


def test_si_numbers_are_ten_digits_led_by_the_current_province(dataset: Dataset) -> None:
    rows = dataset.persons.select(["si_number", "province_code"]).to_pylist()
    for row in rows:
        assert parse_si_number(row["si_number"]).value == row["si_number"]
        assert row["si_number"][:2] == row["province_code"]


def test_personal_ids_parse_and_agree_with_birth_year_sex_and_registration(
    dataset: Dataset,
) -> None:
    rows = dataset.persons.slice(0, 2_000).to_pylist()
    for row in rows:
        pid = parse_personal_id(row["personal_id"])
        assert pid.birth_year() == row["date_of_birth"].year
        assert pid.sex == row["sex"]
        assert pid.birth_registration_code == row["birth_registration_code"]


def test_birth_registration_uses_legacy_codes_and_current_codes_after_the_merger(
    national: Dataset,
) -> None:
    legacy = {f"0{p.code}" for p in legacy_provinces()}
    current = {f"0{p.code}" for p in current_provinces(national.as_of)}
    for row in national.persons.select(["date_of_birth", "birth_registration_code"]).to_pylist():
        allowed = current if row["date_of_birth"] >= merger_date() else legacy
        assert row["birth_registration_code"] in allowed


def test_ages_lie_between_zero_and_one_hundred(dataset: Dataset) -> None:
    low, high = pc.min_max(dataset.persons.column("date_of_birth")).values()
    assert high.as_py() <= dataset.as_of
    assert low.as_py() > date(dataset.as_of.year - 100, dataset.as_of.month, dataset.as_of.day)


def test_age_pyramid_and_sex_ratio_look_like_vietnam(national: Dataset) -> None:
    born = national.persons.column("date_of_birth").to_pylist()
    share_under_15 = sum(d.year > national.as_of.year - 15 for d in born) / len(born)
    share_65_plus = sum(d.year < national.as_of.year - 65 for d in born) / len(born)
    male = pc.sum(pc.equal(national.persons.column("sex"), "M")).as_py() / len(born)
    assert 0.20 < share_under_15 < 0.27
    assert 0.07 < share_65_plus < 0.13
    assert 0.47 < male < 0.51


def test_names_are_nfc_with_surname_middle_and_given_parts(dataset: Dataset) -> None:
    names = dataset.persons.column("full_name").to_pylist()
    for name in names:
        assert unicodedata.normalize("NFC", name) == name
        assert 2 <= len(name.split(" ")) <= 5
        assert "  " not in name


def test_surname_frequencies_follow_the_national_shares(national: Dataset) -> None:
    surnames = [name.split(" ")[0] for name in national.persons.column("full_name").to_pylist()]
    share = {s: surnames.count(s) / len(surnames) for s in ("Nguyễn", "Trần", "Lê", "Phạm")}
    assert 0.34 < share["Nguyễn"] < 0.42
    assert 0.09 < share["Trần"] < 0.13
    assert 0.08 < share["Lê"] < 0.12
    assert 0.05 < share["Phạm"] < 0.09


def test_women_mostly_carry_thi_only_in_older_cohorts(national: Dataset) -> None:
    rows = national.persons.select(["full_name", "sex", "date_of_birth"]).to_pylist()
    women = [r for r in rows if r["sex"] == "F"]
    older = [r for r in women if r["date_of_birth"].year < 1990]
    younger = [r for r in women if r["date_of_birth"].year >= 1990]

    def thi(group: list[dict[str, object]]) -> float:
        return sum(" Thị " in str(r["full_name"]) for r in group) / len(group)

    assert thi(older) > 0.7
    assert thi(younger) < 0.5
    assert not any(" Thị " in r["full_name"] for r in rows if r["sex"] == "M")


def test_addresses_name_the_current_province(dataset: Dataset) -> None:
    names = {p.code: p.name for p in current_provinces(dataset.as_of)}
    for row in dataset.persons.select(["address", "province_code"]).to_pylist():
        assert row["address"].startswith("Số ")
        assert row["address"].endswith(f", {names[row['province_code']]}")
        assert len(row["address"].split(", ")) == 4


def test_most_people_live_in_the_successor_of_their_birth_province(national: Dataset) -> None:
    rows = national.persons.select(["birth_registration_code", "province_code"]).to_pylist()
    stayers = sum(
        successor(r["birth_registration_code"][1:]).code == r["province_code"] for r in rows
    )
    assert 0.85 < stayers / len(rows) < 0.95
    hcmc = sum(r["province_code"] == "79" for r in rows) / len(rows)
    assert 0.12 < hcmc < 0.19
