"""The modelling data files: valid, NFC, and consistent with the province tables."""

from __future__ import annotations

import unicodedata
from importlib.resources import files

import pytest

from ansinh.geo import current_provinces, legacy_provinces
from ansinh.synth.assumptions import assumptions
from ansinh.synth.dataset import DEFAULT_AS_OF

DATA = files("ansinh.synth").joinpath("data")
CURRENT = {p.code for p in current_provinces(DEFAULT_AS_OF)}


@pytest.mark.parametrize("name", ["population", "names", "places", "employers", "employment"])
def test_data_files_are_nfc_and_say_where_they_come_from(name: str) -> None:
    text = DATA.joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert "\nsource:" in text
    assert "\nnote:" in text


def test_population_lists_exactly_the_legacy_provinces() -> None:
    assert set(assumptions().population.provinces) == {p.code for p in legacy_provinces()}


def test_province_keyed_settings_use_current_codes() -> None:
    model = assumptions()
    assert set(model.population.migration.destinations) <= CURRENT
    assert set(model.employment.province_factor) <= CURRENT
    assert set(model.employers.wage_regions.by_province) <= CURRENT


def test_there_are_a_few_hundred_given_names() -> None:
    given = assumptions().names.given_names
    assert 250 <= len(given["M"]) + len(given["F"]) <= 500
