"""Seed the register from the synthetic population (the truth) and register API clients.

`python -m sandbox.population.seed --people N [--seed S] [--client vss]` seeds the register at
$SANDBOX_POPULATION_DATABASE_URL (or in the embedded PostgreSQL) and prints the new client's API
key once.
"""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from sandbox.factory import key_hash
from sandbox.population import store
from sandbox.population.views import SCOPES

BATCH = 50_000


def seed(connection: store.Connection, records: pa.Table) -> int:
    """Replace the register's citizens with `records` in one transaction; return rows loaded."""
    with connection.transaction():
        store.clear_citizens(connection)
        store.copy_citizens(connection, _rows(records))
    return int(records.num_rows)


def _rows(records: pa.Table) -> Iterator[tuple[Any, ...]]:
    for batch in records.select(list(store.COLUMNS)).to_batches(BATCH):
        yield from zip(*(batch.column(c).to_pylist() for c in store.COLUMNS), strict=True)


def add_client(connection: store.Connection, client_id: str, scopes: Iterable[str] = SCOPES) -> str:
    """Register an API client and return its key (only the hash is stored)."""
    key = f"npd_{secrets.token_urlsafe(32)}"
    store.add_client(connection, client_id=client_id, key_hash=key_hash(key), scopes=scopes)
    return key


def main() -> None:
    """Create and seed the register from the synthetic population."""
    from ansinh.synth.messiness import messiness
    from ansinh.synth.population import build_population

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--client", default="vss")
    args = parser.parse_args()
    register = store.configured()
    register.create()
    population = build_population(args.people, seed=args.seed, twins=messiness().twins)
    with register.connect() as connection:
        loaded = seed(connection, population.records)
        key = add_client(connection, args.client)
    print(f"seeded {loaded:,} citizens into {register.schema}; API key of {args.client!r}: {key}")  # noqa: T201


if __name__ == "__main__":
    main()
