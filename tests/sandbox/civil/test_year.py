"""A synthetic stretch: births and deaths at the dated rates, registered through both sandboxes."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from ansinh.synth.population import build_population
from sandbox.civil import store, year
from sandbox.population.seed import seed
from tests.sandbox.civil.conftest import Sandboxes


def test_the_rates_are_dated_and_flagged() -> None:
    assert year.rate("crude_birth_rate", date(2026, 1, 1)) == 13.0
    assert year.rate("crude_death_rate", date(2026, 1, 1)) == 6.0
    with pytest.raises(ValueError):
        year.rate("crude_birth_rate", date(2023, 12, 31))


def test_a_stretch_registers_births_to_mothers_and_deaths_mostly_of_the_old(
    sandboxes: Sandboxes,
) -> None:
    citizens = _citizens(sandboxes, 400)
    with sandboxes.civil.connect() as connection:
        summary = _month(sandboxes, connection, citizens)
        kinds = [r["kind"] for r in connection.execute("SELECT kind FROM registrations")]
    assert summary.births == 12 and 1 <= summary.deaths <= 6  # a person drawn twice dies once
    assert kinds.count("birth") == 12
    assert kinds.count("death") == summary.deaths + summary.out_of_order
    with sandboxes.population.connect() as connection:
        dead = connection.execute("SELECT count(*) AS n FROM citizens WHERE NOT alive").fetchone()
    assert dead is not None and dead["n"] == summary.deaths + summary.out_of_order
    with sandboxes.civil.connect() as connection:
        assert store.deliveries(connection) == []  # nobody subscribed yet


def test_a_stretch_asked_to_stop_registers_nothing_more(sandboxes: Sandboxes) -> None:
    citizens = _citizens(sandboxes, 200)
    stop = threading.Event()
    stop.set()
    with sandboxes.civil.connect() as connection:
        summary = _month(sandboxes, connection, citizens, stop=stop)
        registered = connection.execute("SELECT count(*) AS n FROM registrations").fetchone()
    assert (summary.births, summary.deaths) == (0, 0)
    assert registered is not None and registered["n"] == 0


def _citizens(sandboxes: Sandboxes, people: int) -> list[dict[str, Any]]:
    """Seed the population register with `people` synthetic citizens; their rows."""
    records: pa.Table = build_population(people, seed=9, twins=0.0).records
    with sandboxes.population.connect() as connection:
        seed(connection, records)
        return list(connection.execute("SELECT * FROM citizens").fetchall())


def _month(
    sandboxes: Sandboxes,
    connection: store.Connection,
    citizens: list[dict[str, Any]],
    stop: threading.Event | None = None,
) -> year.Summary:
    """Register 30 days of January 2026: 12 births and 6 deaths drawn among `citizens`."""
    return year.run(
        connection,
        sandboxes.population_http,
        citizens,
        start=date(2026, 1, 1),
        days=30,
        counts=(12, 6),
        stop=stop,
    )
