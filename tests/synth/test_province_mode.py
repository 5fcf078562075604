"""One-province mode: everyone lives, and every employer sits, in the chosen province."""

from __future__ import annotations

import pytest

from ansinh.geo import successor
from ansinh.synth import Dataset, generate
from tests.synth.conftest import PROVINCE_PEOPLE


def test_everyone_lives_in_the_province(hcmc: Dataset) -> None:
    assert hcmc.province == "79"
    assert hcmc.persons.num_rows == PROVINCE_PEOPLE
    assert set(hcmc.persons.column("province_code").to_pylist()) == {"79"}
    assert all(", Hồ Chí Minh" in a for a in hcmc.persons.column("address").to_pylist())


def test_every_employer_is_in_the_province(hcmc: Dataset) -> None:
    assert set(hcmc.employers.column("province_code").to_pylist()) == {"79"}


def test_residents_were_born_there_or_moved_in(hcmc: Dataset) -> None:
    codes = hcmc.persons.column("birth_registration_code").to_pylist()
    natives = sum(successor(code[1:]).code == "79" for code in codes) / len(codes)
    assert 0.6 < natives < 0.95
    assert {"074", "077", "079"} <= set(codes)


@pytest.mark.parametrize("code", ["99", "7", "074", "Hà Nội"])
def test_unknown_province_codes_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="not a current province code"):
        generate(10, seed=1, province=code)


def test_people_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        generate(0, seed=1)
