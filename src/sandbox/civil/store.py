"""The civil registry's own schema and queries: registrations, subscriptions, deliveries, key."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from psycopg.types.json import Jsonb

from sandbox.database import Connection as Connection
from sandbox.database import SchemaStore, conninfo

URL_ENV = "SANDBOX_CIVIL_DATABASE_URL"
SCHEMA = "sandbox_civil"
TABLES = """
CREATE TABLE IF NOT EXISTS registrations (
    event_id UUID PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('birth', 'death')),
    record_id TEXT NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    body JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS registrations_record ON registrations (record_id);
CREATE TABLE IF NOT EXISTS subscriptions (
    subscription_id UUID PRIMARY KEY,
    subscriber TEXT NOT NULL,
    callback_url TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS deliveries (
    event_id UUID NOT NULL REFERENCES registrations (event_id),
    subscription_id UUID NOT NULL REFERENCES subscriptions (subscription_id),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_status INTEGER,
    delivered_at TIMESTAMPTZ,
    PRIMARY KEY (event_id, subscription_id)
);
CREATE TABLE IF NOT EXISTS signing_key (
    only_one BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_one),
    jwk JSONB NOT NULL
)
"""


@dataclass(frozen=True)
class Registry(SchemaStore):
    """Where the civil registry lives: a PostgreSQL database and a schema in it."""

    tables: ClassVar[str] = TABLES
    schema: str = SCHEMA


def configured() -> Registry:
    """The civil registry at $SANDBOX_CIVIL_DATABASE_URL."""
    return Registry(conninfo(os.environ[URL_ENV]))


def add_registration(
    connection: Connection, *, kind: str, record_id: str, body: Mapping[str, Any]
) -> uuid.UUID:
    """Store a registration and queue one delivery per subscription; return its event id."""
    event_id = uuid.uuid4()
    connection.execute(
        "INSERT INTO registrations (event_id, kind, record_id, body) VALUES (%s, %s, %s, %s)",
        (event_id, kind, record_id, Jsonb(dict(body))),
    )
    connection.execute(
        "INSERT INTO deliveries (event_id, subscription_id)"
        " SELECT %s, subscription_id FROM subscriptions",
        (event_id,),
    )
    return event_id


def requeue(connection: Connection, event_id: uuid.UUID) -> int:
    """Deliver a registration again to every subscriber (a duplicate notification)."""
    return connection.execute(
        "UPDATE deliveries SET delivered_at = NULL, next_at = now() WHERE event_id = %s",
        (event_id,),
    ).rowcount


def registrations(
    connection: Connection, *, event_id: uuid.UUID | None, record_id: str | None
) -> list[dict[str, Any]]:
    """Registrations by event id or by record id, oldest first."""
    return connection.execute(
        "SELECT event_id, kind, record_id, registered_at, body FROM registrations"
        " WHERE event_id = %s OR record_id = %s ORDER BY registered_at",
        (event_id, record_id),
    ).fetchall()


def add_subscription(connection: Connection, *, subscriber: str, callback_url: str) -> uuid.UUID:
    """Subscribe `callback_url` to every later registration."""
    subscription_id = uuid.uuid4()
    connection.execute(
        "INSERT INTO subscriptions (subscription_id, subscriber, callback_url) VALUES (%s, %s, %s)",
        (subscription_id, subscriber, callback_url),
    )
    return subscription_id


def due(connection: Connection, *, now: datetime, limit: int) -> list[dict[str, Any]]:
    """Undelivered notifications whose next attempt is due, with their registration."""
    return connection.execute(
        "SELECT d.event_id, d.subscription_id, d.attempts, s.callback_url, r.kind, r.record_id,"
        " r.registered_at, r.body FROM deliveries d JOIN subscriptions s USING (subscription_id)"
        " JOIN registrations r USING (event_id)"
        " WHERE d.delivered_at IS NULL AND d.next_at <= %s ORDER BY d.next_at LIMIT %s",
        (now, limit),
    ).fetchall()


def mark(
    connection: Connection,
    row: Mapping[str, Any],
    *,
    status: int,
    now: datetime,
    retry_after: timedelta | None,
) -> None:
    """Record one attempt: delivered (retry_after None) or to try again after `retry_after`."""
    connection.execute(
        "UPDATE deliveries SET attempts = attempts + 1, last_status = %s,"
        " delivered_at = CASE WHEN %s THEN %s END, next_at = %s"
        " WHERE event_id = %s AND subscription_id = %s",
        (
            status,
            retry_after is None,
            now,
            now + (retry_after or timedelta()),
            row["event_id"],
            row["subscription_id"],
        ),
    )


def deliveries(connection: Connection) -> list[dict[str, Any]]:
    """Every delivery with its attempts and outcome."""
    return connection.execute("SELECT * FROM deliveries ORDER BY next_at").fetchall()


def stored_key(connection: Connection) -> dict[str, Any] | None:
    """The registry's private signing key as a JWK, if one was made."""
    row = connection.execute("SELECT jwk FROM signing_key").fetchone()
    return dict(row["jwk"]) if row else None


def keep_key(connection: Connection, jwk: Mapping[str, Any]) -> dict[str, Any]:
    """Store `jwk` unless a key exists; return the key in force."""
    connection.execute(
        "INSERT INTO signing_key (jwk) VALUES (%s) ON CONFLICT DO NOTHING", (Jsonb(dict(jwk)),)
    )
    kept = stored_key(connection)
    assert kept is not None
    return kept


def delay(connection: Connection, event_id: uuid.UUID, by: timedelta) -> None:
    """Hold a registration's notifications back (so a later one arrives first)."""
    connection.execute(
        "UPDATE deliveries SET next_at = next_at + %s WHERE event_id = %s", (by, event_id)
    )
