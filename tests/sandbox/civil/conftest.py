"""A civil registry and a population register of their own per test, in the run's PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi.testclient import TestClient

from sandbox.civil import store as civil_store
from sandbox.civil.app import create_app as civil_app
from sandbox.factory import key_hash
from sandbox.population import store as population_store
from sandbox.population.app import create_app as population_app
from sandbox.population.seed import add_client

CIVIL_KEY = "civil-test-key"


@dataclass
class Sandboxes:
    """The two registers and HTTP clients to them (the civil one calls the population one)."""

    civil: civil_store.Registry
    population: population_store.Register
    population_http: TestClient
    http: TestClient
    http_notifier: httpx.Client
    headers: dict[str, str] = field(default_factory=lambda: {"X-API-Key": CIVIL_KEY})

    def add_citizen(self, personal_id: str, full_name: str, born: str, sex: str) -> None:
        """Enter a living citizen in the population register."""
        with self.population.connect() as connection:
            population_store.insert_citizen(
                connection,
                (f"R{personal_id}", personal_id, full_name, born, sex, "79", None),
            )

    def alive(self, personal_id: str) -> bool | None:
        """Whether the population register holds `personal_id` alive (None: not there)."""
        with self.population.connect() as connection:
            citizen = population_store.by_personal_id(connection, personal_id)
        return None if citizen is None else bool(citizen["alive"])


def make_sandboxes(database_url: str, notifier: httpx.Client) -> Iterator[Sandboxes]:
    """Start both sandboxes over fresh schemas; the civil one notifies through `notifier`."""
    suffix = uuid.uuid4().hex[:12]
    population = population_store.Register(
        population_store.conninfo(database_url), schema=f"npd_{suffix}"
    )
    population.create()
    with population.connect() as connection:
        key = add_client(connection, "civil-registry", ["lookup", "events"])
    civil = civil_store.Registry(civil_store.conninfo(database_url), schema=f"civil_{suffix}")
    with TestClient(population_app(population), headers={"X-API-Key": key}) as npd:
        app = civil_app(
            civil,
            population=npd,
            notifier=notifier,
            clients={key_hash(CIVIL_KEY): "test"},
            deliver_every=None,
        )
        with TestClient(app) as http:
            yield Sandboxes(civil, population, npd, http, notifier)


@pytest.fixture()
def received() -> list[httpx.Request]:
    """What the fake subscriber received."""
    return []


@pytest.fixture()
def answers() -> list[int]:
    """The statuses the fake subscriber answers with, in turn (then 200)."""
    return []


@pytest.fixture()
def sandboxes(
    database_url: str, received: list[httpx.Request], answers: list[int]
) -> Iterator[Sandboxes]:
    """The sandboxes with a subscriber that records each request and answers from `answers`."""

    def subscriber(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(answers.pop(0) if answers else 200)

    yield from make_sandboxes(database_url, httpx.Client(transport=httpx.MockTransport(subscriber)))
