"""The centre's own schema and queries: claims, decisions (with their delivery), notices, key."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from psycopg.types.json import Jsonb

from sandbox.database import Connection as Connection
from sandbox.database import SchemaStore, conninfo

URL_ENV = "SANDBOX_EMPLOYMENT_DATABASE_URL"
SCHEMA = "sandbox_employment"
TABLES = """
CREATE TABLE IF NOT EXISTS claims (
    claim_id UUID PRIMARY KEY,
    province_code TEXT NOT NULL,
    personal_id TEXT NOT NULL,
    terminated_on DATE NOT NULL,
    filed_on DATE NOT NULL,
    status TEXT NOT NULL DEFAULT 'received',
    record JSONB,
    amount BIGINT,
    months INTEGER,
    first_month DATE,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS decisions (
    decision_id UUID PRIMARY KEY,
    claim_id UUID NOT NULL REFERENCES claims (claim_id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body JSONB NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_status INTEGER,
    delivered_at TIMESTAMPTZ,
    UNIQUE (claim_id, seq)
);
CREATE INDEX IF NOT EXISTS decisions_due ON decisions (next_at) WHERE delivered_at IS NULL;
CREATE TABLE IF NOT EXISTS notices (
    claim_id UUID NOT NULL REFERENCES claims (claim_id),
    month DATE NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (claim_id, month)
);
CREATE TABLE IF NOT EXISTS grounds (
    claim_id UUID NOT NULL REFERENCES claims (claim_id),
    ground TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (claim_id, ground)
);
CREATE TABLE IF NOT EXISTS signing_key (
    only_one BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_one),
    jwk JSONB NOT NULL
)
"""


@dataclass(frozen=True)
class Centre(SchemaStore):
    """Where the employment service centre lives: a PostgreSQL database and a schema in it."""

    tables: ClassVar[str] = TABLES
    schema: str = SCHEMA


def configured() -> Centre:
    """The centre at $SANDBOX_EMPLOYMENT_DATABASE_URL."""
    return Centre(conninfo(os.environ[URL_ENV]))


def add_claim(connection: Connection, claim: Mapping[str, Any]) -> bool:
    """Keep a claim (once by its id); False if it was already there."""
    return bool(
        connection.execute(
            "INSERT INTO claims (claim_id, province_code, personal_id, terminated_on, filed_on)"
            " VALUES (%(claim_id)s, %(province_code)s, %(personal_id)s, %(terminated_on)s,"
            " %(filed_on)s) ON CONFLICT DO NOTHING",
            dict(claim),
        ).rowcount
    )


def claim(connection: Connection, claim_id: uuid.UUID) -> dict[str, Any] | None:
    """One claim as the centre holds it."""
    return connection.execute("SELECT * FROM claims WHERE claim_id = %s", (claim_id,)).fetchone()


def claims_in(connection: Connection, status: str, limit: int) -> list[dict[str, Any]]:
    """Claims in `status`, oldest first."""
    return connection.execute(
        "SELECT * FROM claims WHERE status = %s ORDER BY received_at LIMIT %s", (status, limit)
    ).fetchall()


def update_claim(connection: Connection, claim_id: uuid.UUID, **fields: Any) -> None:
    """Change a claim's status, record or proposal."""
    values = {k: Jsonb(v) if isinstance(v, dict) else v for k, v in fields.items()}
    assignments = ", ".join(f"{name} = %({name})s" for name in values)
    connection.execute(
        f"UPDATE claims SET {assignments} WHERE claim_id = %(claim_id)s",  # names are ours
        values | {"claim_id": claim_id},
    )


def add_decision(
    connection: Connection, claim_id: uuid.UUID, kind: str, body: Mapping[str, Any]
) -> dict[str, Any]:
    """Issue a decision on a claim (the claim's next sequence number) and queue its delivery."""
    row = connection.execute(
        "INSERT INTO decisions (decision_id, claim_id, seq, kind, body)"
        " SELECT %s, %s, coalesce(max(seq), 0) + 1, %s, %s FROM decisions WHERE claim_id = %s"
        " RETURNING *",
        (uuid.uuid4(), claim_id, kind, Jsonb(dict(body)), claim_id),
    ).fetchone()
    assert row is not None
    return row


def decisions_of(connection: Connection, claim_id: uuid.UUID) -> list[dict[str, Any]]:
    """A claim's decisions in order."""
    return connection.execute(
        "SELECT * FROM decisions WHERE claim_id = %s ORDER BY seq", (claim_id,)
    ).fetchall()


def add_notice(connection: Connection, claim_id: uuid.UUID, month: date) -> bool:
    """Record a monthly job-search notice; False if that month's was already in."""
    return bool(
        connection.execute(
            "INSERT INTO notices (claim_id, month) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (claim_id, month),
        ).rowcount
    )


def missing_notices(connection: Connection, month: date) -> list[uuid.UUID]:
    """Granted claims paying `month` with no notice for it."""
    rows = connection.execute(
        "SELECT c.claim_id FROM claims c WHERE c.status = 'granted'"
        " AND %(month)s BETWEEN c.first_month"
        "     AND (c.first_month + make_interval(months => c.months - 1))::date"
        " AND NOT EXISTS (SELECT 1 FROM notices n"
        "                 WHERE n.claim_id = c.claim_id AND n.month = %(month)s)",
        {"month": month},
    )
    return [row["claim_id"] for row in rows]


def add_ground(connection: Connection, claim_id: uuid.UUID, ground: str, on: date) -> bool:
    """Keep a termination ground the platform sent; False if it was already there."""
    return bool(
        connection.execute(
            "INSERT INTO grounds (claim_id, ground, occurred_on) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            (claim_id, ground, on),
        ).rowcount
    )


def due(connection: Connection, *, now: datetime, limit: int) -> list[dict[str, Any]]:
    """Undelivered decisions whose next attempt is due, with the claim's province."""
    return connection.execute(
        "SELECT d.*, c.province_code FROM decisions d JOIN claims c USING (claim_id)"
        " WHERE d.delivered_at IS NULL AND d.next_at <= %s ORDER BY d.next_at, d.seq LIMIT %s",
        (now, limit),
    ).fetchall()


def mark(
    connection: Connection,
    decision_id: uuid.UUID,
    *,
    status: int,
    now: datetime,
    retry_after: timedelta | None,
) -> None:
    """Record one delivery attempt: delivered (retry_after None) or to try after `retry_after`."""
    connection.execute(
        "UPDATE decisions SET attempts = attempts + 1, last_status = %s,"
        " delivered_at = CASE WHEN %s THEN %s END, next_at = %s WHERE decision_id = %s",
        (status, retry_after is None, now, now + (retry_after or timedelta()), decision_id),
    )


def requeue(connection: Connection, decision_id: uuid.UUID) -> int:
    """Deliver a decision again (a duplicate notification)."""
    return connection.execute(
        "UPDATE decisions SET delivered_at = NULL, next_at = now() WHERE decision_id = %s",
        (decision_id,),
    ).rowcount


def delay(connection: Connection, decision_id: uuid.UUID, by: timedelta) -> None:
    """Hold a decision's delivery back (so a later one arrives first)."""
    connection.execute(
        "UPDATE decisions SET next_at = next_at + %s WHERE decision_id = %s", (by, decision_id)
    )
