"""A synthetic stretch of civil registration: births and deaths at Vietnam's rates, with quirks.

Rates come from `rates.yaml` (dated, with sources). Mothers are women aged 18–45; the dead are
drawn with weights rising steeply with age (so many are pensioners); some registrations are late,
some notified twice, and a few newborns' deaths are notified before their births.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml

from sandbox.civil import registrar, store
from sandbox.civil.schemas import BirthIn, DeathIn

RATES = Path(__file__).with_name("rates.yaml")
PER_THOUSAND = 1000
DAYS_IN_YEAR = 365
MOTHER_AGES = (18, 45)
AGE_WEIGHT_POWER = 4


@cache
def _rates() -> dict[str, list[dict[str, Any]]]:
    loaded: dict[str, list[dict[str, Any]]] = yaml.safe_load(RATES.read_text(encoding="utf-8"))
    return loaded


def rate(name: str, on: date) -> Any:
    """The value of rate `name` in force on `on`."""
    dated = [r for r in _rates()[name] if r["from"] <= on]
    return max(dated, key=lambda r: r["from"])["value"]


@dataclass
class Summary:
    """What a synthetic stretch registered."""

    births: int = 0
    deaths: int = 0
    late: int = 0
    duplicates: int = 0
    out_of_order: int = 0


def _age(born: str, on: date) -> int:
    return on.year - int(born[:4])


def run(
    connection: store.Connection,
    population: httpx.Client,
    citizens: list[dict[str, Any]],
    *,
    start: date,
    days: int,
    seed: int = 1,
    counts: tuple[int, int] | None = None,
    province_code: str = "79",
    stop: threading.Event | None = None,
) -> Summary:
    """Register `days` of births and deaths among `citizens` (population register rows).

    `counts` (births, deaths) replaces the numbers the rates give (e.g. a whole country's day).
    Once `stop` is set, no further registration is made and what was registered is returned.
    """
    stopped = stop.is_set if stop is not None else lambda: False
    rng = random.Random(seed)
    share = days / DAYS_IN_YEAR / PER_THOUSAND
    quirks = rate("quirks", start)
    mothers = [
        c
        for c in citizens
        if c["sex"] == "F" and MOTHER_AGES[0] <= _age(c["date_of_birth"], start) <= MOTHER_AGES[1]
    ]
    births, deaths = counts or (
        round(len(citizens) * rate("crude_birth_rate", start) * share),
        round(len(citizens) * rate("crude_death_rate", start) * share),
    )
    weights = [max(_age(c["date_of_birth"], start), 1) ** AGE_WEIGHT_POWER for c in citizens]
    dead = {c["personal_id"]: c for c in rng.choices(citizens, weights, k=deaths)}
    summary = Summary()
    for _ in range(births):
        if stopped():
            return summary
        mother = rng.choice(mothers) if mothers else None
        born = start + timedelta(days=rng.randrange(days))
        late = rng.random() < quirks["late_share"]
        birth = BirthIn(
            full_name=f"Con {rng.randrange(10**6):06d}",
            date_of_birth=born,
            sex=rng.choice("MF"),
            province_code=province_code,
            mother_personal_id=mother["personal_id"] if mother else None,
            registered_on=born
            + timedelta(days=rng.randint(1, quirks["late_days_max"]) if late else 1),
        )
        made = registrar.register_birth(connection, population, birth)
        summary.births, summary.late = summary.births + 1, summary.late + late
        if rng.random() < quirks["duplicate_share"]:
            summary.duplicates += store.requeue(connection, made.event_id) > 0
        if rng.random() < quirks["out_of_order_share"]:
            died = DeathIn(
                personal_id=made.personal_id,
                date_of_death=born + timedelta(days=1),
                registered_on=birth.registered_on,
            )
            registrar.register_death(connection, population, died)
            store.delay(connection, made.event_id, timedelta(minutes=1))
            summary.out_of_order += 1
    for citizen in dead.values():
        if stopped():
            return summary
        day = start + timedelta(days=rng.randrange(days))
        death = DeathIn(
            personal_id=citizen["personal_id"],
            date_of_death=day,
            registered_on=day + timedelta(days=1),
        )
        registrar.register_death(connection, population, death)
        summary.deaths += 1
    return summary
