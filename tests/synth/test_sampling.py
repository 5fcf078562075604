"""Building blocks: weighted draws, unique serials, string columns, dates and wage floors."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from ansinh.rules.store import parameter
from ansinh.synth.dates import add_years, completed_years
from ansinh.synth.sampling import choose_by_group, probabilities, unique_serials
from ansinh.synth.text import ascii_strings, digit_chars, letter_chars
from ansinh.synth.wages import wage_floors


def test_unique_serials_are_unique_per_prefix_even_in_a_crowded_space() -> None:
    rng = np.random.default_rng(0)
    prefixes = np.repeat(np.arange(3, dtype=np.int64), 900)
    serials = unique_serials(rng, prefixes, 1_000)
    assert len(set(zip(prefixes.tolist(), serials.tolist(), strict=True))) == prefixes.size
    assert serials.min() >= 0
    assert serials.max() < 1_000


def test_unique_serials_refuse_an_impossible_request() -> None:
    with pytest.raises(ValueError, match="share one prefix"):
        unique_serials(np.random.default_rng(0), np.zeros(11, dtype=np.int64), 10)


def test_choose_by_group_never_picks_a_zero_weight() -> None:
    groups = np.array([0, 1] * 500, dtype=np.int64)
    drawn = choose_by_group(np.random.default_rng(0), groups, [[1, 0, 0], [0, 1, 1]])
    assert set(drawn[groups == 0].tolist()) == {0}
    assert set(drawn[groups == 1].tolist()) == {1, 2}


def test_probabilities_refuse_bad_weights() -> None:
    with pytest.raises(ValueError):
        probabilities([0, 0])
    with pytest.raises(ValueError):
        probabilities([1, -1, 2])


def test_character_columns() -> None:
    values = np.array([0, 42, 675], dtype=np.int64)
    assert ascii_strings(digit_chars(values, 4)).to_pylist() == ["0000", "0042", "0675"]
    assert ascii_strings(letter_chars(values, 2), digit_chars(values, 3)).to_pylist() == [
        "AA000",
        "BQ042",
        "ZZ675",
    ]
    with pytest.raises(ValueError, match="do not fit"):
        digit_chars(np.array([1000], dtype=np.int64), 3)


def test_calendar_years() -> None:
    born = np.array(["2000-02-29", "1990-11-01", "1990-11-02"], dtype="datetime64[D]")
    assert add_years(born, 18).tolist() == [date(2018, 3, 1), date(2008, 11, 1), date(2008, 11, 2)]
    assert completed_years(born, np.datetime64("2026-11-01")).tolist() == [26, 36, 35]


def test_wage_floors_match_the_rules_store() -> None:
    floors = wage_floors(date(2026, 11, 1))
    rule = parameter("wages/regional_minimum_wage")
    days = np.array(["2024-06-30", "2024-07-01", "2026-01-01", "2026-11-01"], dtype="datetime64[D]")
    for region_index, region in enumerate(("I", "II", "III", "IV")):
        got = floors.at(days, np.full(days.size, region_index, dtype=np.int64)).tolist()
        expected = [rule.value_at(d.item()) for d in days]
        assert got == [value[region] for value in expected if isinstance(value, dict)]
    with pytest.raises(ValueError, match="before"):
        floors.at(floors.starts[:1] - np.timedelta64(1, "D"), np.zeros(1, dtype=np.int64))
