"""The national portal's own schema and queries: dossiers and the statuses reported on them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from psycopg.types.json import Jsonb

from sandbox.database import Connection as Connection
from sandbox.database import SchemaStore, conninfo

URL_ENV = "SANDBOX_NATIONALPORTAL_DATABASE_URL"
SCHEMA = "sandbox_nationalportal"
AGENCY_CODE = "G22.99"  # the agency's code in dossier numbers (illustrative)
TABLES = """
CREATE SEQUENCE IF NOT EXISTS dossier_numbers;
CREATE TABLE IF NOT EXISTS dossiers (
    dossier_no TEXT PRIMARY KEY,
    service_code TEXT NOT NULL,
    si_number TEXT NOT NULL,
    answers JSONB NOT NULL,
    filed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    agency_reference TEXT,
    forward_error TEXT
);
CREATE TABLE IF NOT EXISTS statuses (
    dossier_no TEXT NOT NULL REFERENCES dossiers (dossier_no),
    status TEXT NOT NULL,
    outcome TEXT,
    at TIMESTAMPTZ NOT NULL,
    note_vi TEXT,
    result_url TEXT,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dossier_no, status)
)
"""


@dataclass(frozen=True)
class Portal(SchemaStore):
    """Where the national portal lives: a PostgreSQL database and a schema in it."""

    tables: ClassVar[str] = TABLES
    schema: str = SCHEMA


def configured() -> Portal:
    """The national portal at $SANDBOX_NATIONALPORTAL_DATABASE_URL."""
    return Portal(conninfo(os.environ[URL_ENV]))


def new_dossier(
    connection: Connection, *, service_code: str, si_number: str, answers: dict[str, str]
) -> str:
    """Record a filed dossier under a new national dossier number; return the number."""
    row = connection.execute(
        "INSERT INTO dossiers (dossier_no, service_code, si_number, answers) "
        "SELECT %s || '-' || to_char(now(), 'YYMMDD') || '-' "
        "|| lpad(nextval('dossier_numbers')::text, 6, '0'), %s, %s, %s RETURNING dossier_no",
        (AGENCY_CODE, service_code, si_number, Jsonb(answers)),
    ).fetchone()
    assert row is not None
    return str(row["dossier_no"])


def forwarded(
    connection: Connection, dossier_no: str, *, reference: str | None, error: str | None
) -> None:
    """Keep what the agency answered when the dossier was forwarded."""
    connection.execute(
        "UPDATE dossiers SET agency_reference = %s, forward_error = %s WHERE dossier_no = %s",
        (reference, error, dossier_no),
    )


def dossier(connection: Connection, dossier_no: str) -> dict[str, Any] | None:
    """A dossier as filed, or None."""
    return connection.execute(
        "SELECT * FROM dossiers WHERE dossier_no = %s", (dossier_no,)
    ).fetchone()


def record_status(
    connection: Connection,
    dossier_no: str,
    *,
    status: str,
    outcome: str | None,
    at: datetime,
    note_vi: str | None,
    result_url: str | None,
) -> bool:
    """Keep a reported status once; True if it was new (a repeated report changes nothing)."""
    inserted = connection.execute(
        "INSERT INTO statuses (dossier_no, status, outcome, at, note_vi, result_url) "
        "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (dossier_no, status, outcome, at, note_vi, result_url),
    ).rowcount
    return inserted == 1


def history(connection: Connection, dossier_no: str) -> list[dict[str, Any]]:
    """The statuses reported on a dossier, in the order they happened."""
    return connection.execute(
        "SELECT * FROM statuses WHERE dossier_no = %s ORDER BY at, received_at", (dossier_no,)
    ).fetchall()
