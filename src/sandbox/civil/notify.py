"""Deliver registrations to subscribers: signed envelopes, retried with back-off until a 2xx."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from sandbox.civil import signing, store

log = logging.getLogger(__name__)
SENDER = "civil-registry-sandbox"
FIRST_RETRY = timedelta(seconds=2)
LONGEST_RETRY = timedelta(hours=1)
MEDIA_TYPE = "application/jose"


def envelope(row: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    """The DCI-style notify message: header (who, when, which subscription) and the event."""
    return {
        "header": {
            "message_id": f"{row['event_id']}:{row['attempts'] + 1}",
            "message_ts": now.isoformat(),
            "action": "notify",
            "sender_id": SENDER,
            "subscription_id": str(row["subscription_id"]),
        },
        "message": {
            "event_id": str(row["event_id"]),
            "event_type": row["kind"],
            "record_id": row["record_id"],
            "registered_at": row["registered_at"].astimezone(UTC).isoformat(),
            "registration": row["body"],
        },
    }


def back_off(attempts: int) -> timedelta:
    """How long to wait after `attempts` failed tries: doubling from FIRST_RETRY, capped."""
    wait: timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(wait, LONGEST_RETRY)


def deliver_due(
    registry: store.Registry, client: httpx.Client, *, now: datetime | None = None, limit: int = 500
) -> tuple[int, int]:
    """Try every due notification once; return (delivered, failed)."""
    at = now or datetime.now(UTC)
    delivered = failed = 0
    with registry.connect() as connection:
        key = signing.signing_key(connection)
        for row in store.due(connection, now=at, limit=limit):
            token = signing.sign(envelope(row, now=at), key)
            status = _post(client, row["callback_url"], token)
            ok = 200 <= status < 300
            retry = None if ok else back_off(row["attempts"] + 1)
            store.mark(connection, row, status=status, now=at, retry_after=retry)
            delivered, failed = delivered + ok, failed + (not ok)
    return delivered, failed


def _post(client: httpx.Client, url: str, token: str) -> int:
    try:
        return client.post(url, content=token, headers={"Content-Type": MEDIA_TYPE}).status_code
    except httpx.HTTPError as exc:
        log.info("notification to a subscriber failed: %s", type(exc).__name__)
        return 0


def keep_delivering(
    registry: store.Registry, client: httpx.Client, stop: threading.Event, every: float = 1.0
) -> None:
    """Deliver due notifications until `stop` is set (the sandbox's background thread)."""
    while not stop.wait(every):
        try:
            deliver_due(registry, client)
        except Exception:  # keep the thread alive across database hiccups
            log.exception("delivery round failed")
