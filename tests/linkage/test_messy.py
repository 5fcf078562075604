"""Messy insured records carry the errors of legacy data, and their truth is known."""

import pyarrow.compute as pc
import pytest

from ansinh.linkage.normalise import INPUT_COLUMNS
from ansinh.synth.messy import Truth, make_truth


def test_sizes_columns_and_truth(truth: Truth) -> None:
    assert truth.population.num_rows == 2_000
    assert truth.insured.num_rows == 1_800
    assert truth.population.column_names == list(INPUT_COLUMNS)
    assert truth.insured.column_names == list(INPUT_COLUMNS)
    assert truth.links.column("insured_record_id").equals(truth.insured.column("record_id"))
    outsiders = truth.links.column("population_record_id").null_count
    assert outsiders == 18  # 1 % of the insured are not in the register
    assert len(pc.unique(truth.population.column("personal_id"))) == 2_000


def test_the_same_seed_gives_the_same_data() -> None:
    first = make_truth(population=300, insured=200, seed=4)
    second = make_truth(population=300, insured=200, seed=4)
    assert first.insured.equals(second.insured)


def test_records_carry_every_kind_of_error(truth: Truth) -> None:
    ids = truth.insured.column("personal_id")
    lengths = pc.utf8_length(ids).to_pylist()
    assert ids.null_count > 100  # missing IDs
    assert lengths.count(9) > 50  # old CMND numbers
    dates = pc.utf8_length(truth.insured.column("date_of_birth")).to_pylist()
    assert dates.count(4) > 40 and dates.count(7) > 10  # year-only and month-only
    names = truth.insured.column("full_name").to_pylist()
    assert sum(n.isascii() for n in names) > 150  # lost diacritics
    assert sum(n == n.upper() for n in names) > 300  # upper case
    provinces = set(truth.insured.column("province").drop_null().to_pylist())
    assert provinces & {"Bình Dương", "Hà Tây", "Bà Rịa - Vũng Tàu", "Quảng Nam", "Long An"}


def test_twins_share_birth_and_home_but_not_the_given_name(truth: Truth) -> None:
    rows = truth.population.to_pylist()
    by_birth: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        by_birth.setdefault((row["date_of_birth"], row["address"]), []).append(row)
    twins = [group for group in by_birth.values() if len(group) == 2]
    assert len(twins) >= 15
    a, b = twins[0]
    assert a["personal_id"][:6] == b["personal_id"][:6]
    assert a["full_name"].split()[-1] != b["full_name"].split()[-1]


def test_more_insured_members_than_register_records_is_refused() -> None:
    with pytest.raises(ValueError, match="more insured"):
        make_truth(population=10, insured=100, seed=1)
