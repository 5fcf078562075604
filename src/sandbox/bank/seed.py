"""Seed the bank from the synthetic population: banks, accounts, the agency's account, clients.

`python -m sandbox.bank.seed --people N [--seed S] [--province P] [--client vss]` seeds the bank
at $SANDBOX_BANK_DATABASE_URL (or in the embedded PostgreSQL) and prints the client's API key once.
"""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from ansinh.synth.bank_accounts import agency_account, bank_accounts, bank_model
from sandbox.bank import store
from sandbox.factory import key_hash

SCOPES = ("inquiry", "payments", "messages", "admin")
BATCH = 50_000


def is_seeded(connection: store.Connection) -> bool:
    """Whether the bank already holds accounts."""
    return connection.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None


def seed(connection: store.Connection, persons: pa.Table, *, seed: int) -> int:
    """Load banks, the persons' accounts and the agency's account in one transaction."""
    accounts = bank_accounts(persons, seed=seed)
    agency = agency_account()
    with connection.transaction():
        connection.cursor().executemany(
            "INSERT INTO banks (bin, short_name) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            [(b.bin, b.short_name) for b in bank_model().banks],
        )
        store.copy_accounts(connection, _rows(accounts))
        store.copy_accounts(
            connection, [(agency.bin, agency.account, agency.name, "active", False, agency.balance)]
        )
        connection.execute(
            "INSERT INTO payers (party_id, bin, account) VALUES (%s, %s, %s)",
            (agency.party_id, agency.bin, agency.account),
        )
    return int(accounts.num_rows)


def _rows(accounts: pa.Table) -> Iterator[tuple[Any, ...]]:
    columns = ("bin", "account", "holder", "status", "deceased")
    for batch in accounts.select(list(columns)).to_batches(BATCH):
        for row in zip(*(batch.column(c).to_pylist() for c in columns), strict=True):
            yield (*row, 0)


def add_client(connection: store.Connection, client_id: str, scopes: Iterable[str] = SCOPES) -> str:
    """Register an API client and return its key (only the hash is stored)."""
    key = f"bank_{secrets.token_urlsafe(32)}"
    store.add_client(connection, client_id=client_id, key_hash=key_hash(key), scopes=scopes)
    return key


def main() -> None:
    """Create and seed the bank from the synthetic population."""
    from ansinh.synth import generate

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--province", default=None)
    parser.add_argument("--client", default="vss")
    args = parser.parse_args()
    bank = store.configured()
    bank.create()
    persons = generate(people=args.people, seed=args.seed, province=args.province).persons
    with bank.connect() as connection:
        loaded = 0 if is_seeded(connection) else seed(connection, persons, seed=args.seed)
        key = add_client(connection, args.client)
    print(f"seeded {loaded:,} accounts into {bank.schema}; API key of {args.client!r}: {key}")  # noqa: T201


if __name__ == "__main__":
    main()
