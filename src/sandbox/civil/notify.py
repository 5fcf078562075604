"""Deliver registrations to subscribers: signed envelopes, retried with back-off until a 2xx."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from sandbox.civil import signing, store

log = logging.getLogger(__name__)
SENDER = "civil-registry-sandbox"
FIRST_RETRY = timedelta(seconds=2)
LONGEST_RETRY = timedelta(hours=1)
MEDIA_TYPE = "application/jose"


def _event(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "event_id": str(row["event_id"]),
        "event_type": row["kind"],
        "record_id": row["record_id"],
        "registered_at": row["registered_at"].astimezone(UTC).isoformat(),
        "registration": row["body"],
    }


def _header(row: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    return {
        "message_id": f"{row['event_id']}:{row['attempts'] + 1}",
        "message_ts": now.isoformat(),
        "action": "notify",
        "sender_id": SENDER,
        "subscription_id": str(row["subscription_id"]),
    }


def envelope(row: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    """The DCI-style notify message: header (who, when, which subscription) and the event."""
    return {"header": _header(row, now=now), "message": _event(row)}


def batch_envelope(rows: Sequence[Mapping[str, Any]], *, now: datetime) -> dict[str, Any]:
    """Several events of one subscription in one notify message (DCI `notify_event` list)."""
    return {
        "header": _header(rows[0], now=now),
        "message": {"notify_event": [_event(row) for row in rows]},
    }


def back_off(attempts: int) -> timedelta:
    """How long to wait after `attempts` failed tries: doubling from FIRST_RETRY, capped."""
    wait: timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(wait, LONGEST_RETRY)


def groups(rows: list[dict[str, Any]], batch: int, key: str) -> list[list[dict[str, Any]]]:
    """Rows in groups of at most `batch` sharing the value of `key` (order kept within one)."""
    by_key: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        by_key.setdefault(row[key], []).append(row)
    return [
        same[first : first + batch]
        for same in by_key.values()
        for first in range(0, len(same), batch)
    ]


def deliver_due(
    registry: store.Registry,
    client: httpx.Client,
    *,
    now: datetime | None = None,
    limit: int = 500,
    batch: int = 1,
) -> tuple[int, int]:
    """Try every due notification once, `batch` events to a message; (delivered, failed)."""
    at = now or datetime.now(UTC)
    delivered = failed = 0
    with registry.connect() as connection:
        key = signing.signing_key(connection)
        due = store.due(connection, now=at, limit=limit)
        for group in groups(due, batch, key="subscription_id"):
            message = envelope(group[0], now=at) if batch == 1 else batch_envelope(group, now=at)
            status = _post(client, group[0]["callback_url"], signing.sign(message, key))
            ok = 200 <= status < 300
            with connection.transaction():
                for row in group:
                    retry = None if ok else back_off(row["attempts"] + 1)
                    store.mark(connection, row, status=status, now=at, retry_after=retry)
            delivered, failed = delivered + ok * len(group), failed + (not ok) * len(group)
    return delivered, failed


def _post(client: httpx.Client, url: str, token: str) -> int:
    try:
        return client.post(url, content=token, headers={"Content-Type": MEDIA_TYPE}).status_code
    except httpx.HTTPError as exc:
        log.info("notification to a subscriber failed: %s", type(exc).__name__)
        return 0


def keep_delivering(
    registry: store.Registry,
    client: httpx.Client,
    stop: threading.Event,
    every: float = 1.0,
    batch: int = 1,
) -> None:
    """Deliver due notifications until `stop` is set (the sandbox's background thread)."""
    while not stop.wait(every):
        try:
            deliver_due(registry, client, batch=batch)
        except Exception:  # keep the thread alive across database hiccups
            log.exception("delivery round failed")
