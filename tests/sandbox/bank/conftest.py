"""A fresh bank per test: its own schema in the run's PostgreSQL, seeded from synthetic people."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from ansinh.synth import generate
from sandbox.bank import store
from sandbox.bank.app import create_app
from sandbox.bank.seed import add_client, seed
from sandbox.database import conninfo

PEOPLE = 300
SEED = 7


@pytest.fixture(scope="session")
def persons() -> pa.Table:
    return generate(people=PEOPLE, seed=SEED, province="79").persons


@pytest.fixture()
def bank(database_url: str, persons: pa.Table) -> store.Bank:
    bank = store.Bank(conninfo(database_url), schema=f"bank_{uuid.uuid4().hex}")
    bank.create()
    with bank.connect() as connection:
        seed(connection, persons, seed=SEED)
    return bank


@pytest.fixture()
def headers(bank: store.Bank) -> dict[str, str]:
    with bank.connect() as connection:
        return {"X-API-Key": add_client(connection, "vss")}


@pytest.fixture()
def http(bank: store.Bank, headers: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(bank, process=False)) as client:
        answer = client.post(
            "/v1/admin/config",
            json={"status_delay_seconds": 0, "booking_delay_seconds": 0, "return_delay_seconds": 0},
            headers=headers,
        )
        assert answer.status_code == 200
        yield client


@pytest.fixture()
def accounts(bank: store.Bank) -> list[dict[str, Any]]:
    """Active accounts of living holders, in the person's own name."""
    with bank.connect() as connection:
        return connection.execute(
            "SELECT * FROM accounts WHERE status = 'active' AND NOT deceased AND balance = 0"
            " ORDER BY bin, account LIMIT 20"
        ).fetchall()
