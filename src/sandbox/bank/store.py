"""The bank's own PostgreSQL schema: accounts, payers, files, transactions, ledger, outbox."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from psycopg import sql
from psycopg.types.json import Jsonb

from sandbox.database import Connection as Connection
from sandbox.database import SchemaStore, conninfo, embedded

URL_ENV = "SANDBOX_BANK_DATABASE_URL"
DATABASE = "sandbox_bank"
SCHEMA = "sandbox_bank"
ACCOUNT_COLUMNS = ("bin", "account", "holder", "status", "deceased", "balance")
TABLES = """
CREATE TABLE IF NOT EXISTS banks (bin TEXT PRIMARY KEY, short_name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    bin TEXT NOT NULL REFERENCES banks (bin),
    account TEXT NOT NULL,
    holder TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'closed', 'blocked')),
    deceased BOOLEAN NOT NULL DEFAULT false,
    balance BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (bin, account)
);
CREATE TABLE IF NOT EXISTS payers (
    party_id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    bin TEXT NOT NULL,
    account TEXT NOT NULL,
    stated_entry BIGINT NOT NULL DEFAULT 0,
    FOREIGN KEY (bin, account) REFERENCES accounts (bin, account)
);
CREATE TABLE IF NOT EXISTS files (
    file_id TEXT PRIMARY KEY,
    msg_id TEXT UNIQUE,
    client_id TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    report_due TIMESTAMPTZ NOT NULL,
    body BYTEA NOT NULL,
    state TEXT NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'reported')),
    group_status TEXT,
    group_reason TEXT
);
CREATE INDEX IF NOT EXISTS files_due ON files (report_due) WHERE state = 'received';
CREATE TABLE IF NOT EXISTS transactions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_id TEXT NOT NULL REFERENCES files (file_id),
    pmt_inf_id TEXT NOT NULL,
    instr_id TEXT,
    end_to_end_id TEXT NOT NULL,
    payer TEXT NOT NULL REFERENCES payers (party_id),
    bin TEXT,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    amount BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('accepted', 'rejected', 'booked', 'returned')),
    reason TEXT,
    planned_return TEXT,
    book_due TIMESTAMPTZ,
    booked_at TIMESTAMPTZ,
    returned_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS transactions_due ON transactions (book_due) WHERE state = 'accepted';
CREATE INDEX IF NOT EXISTS transactions_booked ON transactions (booked_at) WHERE state = 'booked';
CREATE TABLE IF NOT EXISTS end_to_end_ids (end_to_end_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payer TEXT NOT NULL REFERENCES payers (party_id),
    transaction_id BIGINT NOT NULL REFERENCES transactions (id),
    amount BIGINT NOT NULL,
    return_reason TEXT,
    booked_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_day ON entries (payer, booked_at);
CREATE TABLE IF NOT EXISTS messages (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('pain.002', 'camt.054', 'camt.053')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    xml TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    id BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    config JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS clients (
    client_id TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    scopes TEXT[] NOT NULL
)
"""


@dataclass(frozen=True)
class Bank(SchemaStore):
    """Where the bank lives: a PostgreSQL database (psycopg conninfo) and a schema in it."""

    tables: ClassVar[str] = TABLES
    schema: str = SCHEMA


def configured() -> Bank:
    """The bank at $SANDBOX_BANK_DATABASE_URL, or in the embedded PostgreSQL."""
    url = os.environ.get(URL_ENV) or embedded(Path(".ansinh"), DATABASE)
    return Bank(conninfo(url))


def load_config(connection: Connection) -> dict[str, Any]:
    """The stored configuration (empty before any change)."""
    row = connection.execute("SELECT config FROM settings").fetchone()
    return dict(row["config"]) if row else {}


def save_config(connection: Connection, config: dict[str, Any]) -> None:
    """Replace the stored configuration."""
    connection.execute(
        "INSERT INTO settings (config) VALUES (%s) ON CONFLICT (id) DO UPDATE"
        " SET config = excluded.config",
        (Jsonb(config),),
    )


def copy_accounts(connection: Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Bulk-load accounts given as tuples in ACCOUNT_COLUMNS order with COPY."""
    columns = sql.SQL(", ").join(map(sql.Identifier, ACCOUNT_COLUMNS))
    with connection.cursor().copy(sql.SQL("COPY accounts ({}) FROM STDIN").format(columns)) as copy:
        for row in rows:
            copy.write_row(row)


def account(connection: Connection, bin_: str, number: str) -> dict[str, Any] | None:
    """The account `number` at the bank with BIN `bin_`, if any."""
    return connection.execute(
        "SELECT * FROM accounts WHERE bin = %s AND account = %s", (bin_, number)
    ).fetchone()


def set_account(connection: Connection, bin_: str, number: str, **values: Any) -> bool:
    """Set columns of one account; False if there is no such account."""
    assignments = sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in values)
    statement = sql.SQL("UPDATE accounts SET {} WHERE bin = %s AND account = %s").format(
        assignments
    )
    return connection.execute(statement, (*values.values(), bin_, number)).rowcount == 1


def append_message(connection: Connection, kind: str, xml: bytes, at: datetime) -> int:
    """Put a message in the outbox; return its sequence number."""
    row = connection.execute(
        "INSERT INTO messages (type, xml, created_at) VALUES (%s, %s, %s) RETURNING seq",
        (kind, xml.decode(), at),
    ).fetchone()
    assert row is not None
    return int(row["seq"])


def messages_after(connection: Connection, after: int, limit: int) -> list[dict[str, Any]]:
    """Outbox messages with a sequence number above `after`, oldest first."""
    return connection.execute(
        "SELECT seq, type, created_at, xml FROM messages WHERE seq > %s ORDER BY seq LIMIT %s",
        (after, limit),
    ).fetchall()


def add_client(
    connection: Connection, *, client_id: str, key_hash: str, scopes: Iterable[str]
) -> None:
    """Register (or replace) an API client by the hash of its key."""
    connection.execute(
        "INSERT INTO clients (client_id, key_hash, scopes) VALUES (%s, %s, %s)"
        " ON CONFLICT (client_id) DO UPDATE"
        " SET key_hash = excluded.key_hash, scopes = excluded.scopes",
        (client_id, key_hash, sorted(scopes)),
    )


def client(connection: Connection, key_hash: str) -> dict[str, Any] | None:
    """The client (id and scopes) whose key hashes to `key_hash`."""
    return connection.execute(
        "SELECT client_id, scopes FROM clients WHERE key_hash = %s", (key_hash,)
    ).fetchone()
