"""Small synthetic data sets shared by the synth tests (generated once per run)."""

from __future__ import annotations

import pytest

from ansinh.synth import Dataset, generate

NATIONAL_PEOPLE = 20_000
PROVINCE_PEOPLE = 5_000


@pytest.fixture(scope="session")
def national() -> Dataset:
    """A whole-country data set."""
    return generate(NATIONAL_PEOPLE, seed=7)


@pytest.fixture(scope="session")
def hcmc() -> Dataset:
    """A data set of people who all live in TP Hồ Chí Minh (79)."""
    return generate(PROVINCE_PEOPLE, seed=11, province="79")


@pytest.fixture(scope="session", params=["national", "hcmc"])
def dataset(request: pytest.FixtureRequest) -> Dataset:
    """Each of the data sets above in turn."""
    data: Dataset = request.getfixturevalue(request.param)
    return data
