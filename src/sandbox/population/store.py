"""The register's own PostgreSQL schema and queries (citizens, change feed, clients, call log)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any, ClassVar

from psycopg import sql
from psycopg.rows import DictRow
from psycopg.types.json import Jsonb

from sandbox.database import Connection as Connection
from sandbox.database import SchemaStore, conninfo, embedded

URL_ENV = "SANDBOX_POPULATION_DATABASE_URL"
DATABASE = "population_register"
SCHEMA = "population_register"
COLUMNS = ("record_id", "personal_id", "full_name", "date_of_birth", "sex", "province", "address")
TABLES = """
CREATE TABLE IF NOT EXISTS citizens (
    record_id TEXT PRIMARY KEY,
    personal_id TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    province TEXT,
    address TEXT,
    alive BOOLEAN NOT NULL DEFAULT true
);
CREATE TABLE IF NOT EXISTS changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    kind TEXT NOT NULL CHECK (kind IN ('birth', 'death', 'name', 'residence')),
    record_id TEXT NOT NULL REFERENCES citizens (record_id),
    detail JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS clients (
    client_id TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    scopes TEXT[] NOT NULL
);
CREATE TABLE IF NOT EXISTS calls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    client_id TEXT NOT NULL,
    method TEXT NOT NULL,
    route TEXT NOT NULL,
    status INTEGER NOT NULL
)
"""
_COLUMNS = sql.SQL(", ").join(map(sql.Identifier, COLUMNS))
_FIELDS = sql.SQL("{}, alive").format(_COLUMNS)


@dataclass(frozen=True)
class Register(SchemaStore):
    """Where the register lives: a PostgreSQL database (psycopg conninfo) and a schema in it."""

    tables: ClassVar[str] = TABLES
    schema: str = SCHEMA


def configured() -> Register:
    """The register at $SANDBOX_POPULATION_DATABASE_URL, or in the embedded PostgreSQL."""
    url = os.environ.get(URL_ENV)
    if not url:
        url = embedded(Path(".ansinh"), DATABASE)
    return Register(conninfo(url))


def copy_citizens(connection: Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Bulk-load living citizens given as tuples in COLUMNS order with COPY."""
    statement = sql.SQL("COPY citizens ({}) FROM STDIN").format(_COLUMNS)
    with connection.cursor().copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def insert_citizen(connection: Connection, row: tuple[Any, ...]) -> None:
    """Insert one living citizen given as a tuple in COLUMNS order."""
    statement = sql.SQL("INSERT INTO citizens ({}) VALUES ({})").format(
        _COLUMNS, sql.SQL(", ").join(sql.Placeholder() * len(COLUMNS))
    )
    connection.execute(statement, row)


def update_citizen(connection: Connection, record_id: str, values: Mapping[str, Any]) -> None:
    """Set the given columns of the citizen with `record_id`."""
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = %s").format(sql.Identifier(column)) for column in values
    )
    statement = sql.SQL("UPDATE citizens SET {} WHERE record_id = %s").format(assignments)
    connection.execute(statement, (*values.values(), record_id))


def clear_citizens(connection: Connection) -> None:
    """Remove every citizen and the change feed about them (sequence numbers keep rising)."""
    connection.execute("TRUNCATE citizens, changes")


def by_personal_id(connection: Connection, personal_id: str) -> dict[str, Any] | None:
    """The citizen holding `personal_id`, if any."""
    statement = sql.SQL("SELECT {} FROM citizens WHERE personal_id = %s").format(_FIELDS)
    return connection.execute(statement, (personal_id,)).fetchone()


def by_record_id(connection: Connection, record_id: str) -> dict[str, Any] | None:
    """The citizen with `record_id`, if any."""
    statement = sql.SQL("SELECT {} FROM citizens WHERE record_id = %s").format(_FIELDS)
    return connection.execute(statement, (record_id,)).fetchone()


def iter_citizens(connection: Connection, batch_size: int) -> Iterator[list[DictRow]]:
    """Yield every citizen in batches through a server-side cursor (one batch in memory)."""
    statement = sql.SQL("SELECT {} FROM citizens ORDER BY record_id").format(_FIELDS)
    with connection.transaction(), connection.cursor(name="extract") as cursor:
        cursor.execute(statement)
        while rows := cursor.fetchmany(batch_size):
            yield rows


def record_change(
    connection: Connection, *, kind: str, record_id: str, detail: Mapping[str, Any]
) -> int:
    """Append an event to the change feed; return its sequence number."""
    row = connection.execute(
        "INSERT INTO changes (kind, record_id, detail) VALUES (%s, %s, %s) RETURNING seq",
        (kind, record_id, Jsonb(dict(detail))),
    ).fetchone()
    assert row is not None
    return int(row["seq"])


def changes_after(connection: Connection, after: int, limit: int) -> list[dict[str, Any]]:
    """Events with a sequence number above `after`, oldest first (times as UTC ISO 8601)."""
    rows = connection.execute(
        "SELECT c.seq, c.at, c.kind, c.record_id, z.personal_id, c.detail FROM changes c"
        " JOIN citizens z USING (record_id) WHERE c.seq > %s ORDER BY c.seq LIMIT %s",
        (after, limit),
    ).fetchall()
    return [row | {"at": row["at"].astimezone(UTC).isoformat(timespec="seconds")} for row in rows]


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


def client_of(connection: Connection, key_hash: str) -> str | None:
    """The client id whose key hashes to `key_hash`."""
    row = connection.execute(
        "SELECT client_id FROM clients WHERE key_hash = %s", (key_hash,)
    ).fetchone()
    return str(row["client_id"]) if row else None


def scopes_of(connection: Connection, client_id: str) -> frozenset[str]:
    """The scopes granted to a client."""
    row = connection.execute(
        "SELECT scopes FROM clients WHERE client_id = %s", (client_id,)
    ).fetchone()
    return frozenset(row["scopes"]) if row else frozenset()


def log_call(
    connection: Connection, *, client_id: str, method: str, route: str, status: int
) -> None:
    """Append one call to the call log (route templates only: no identifiers)."""
    connection.execute(
        "INSERT INTO calls (client_id, method, route, status) VALUES (%s, %s, %s, %s)",
        (client_id, method, route, status),
    )


def calls(connection: Connection) -> list[dict[str, Any]]:
    """The call log, oldest first."""
    return connection.execute("SELECT * FROM calls ORDER BY id").fetchall()
