"""Deliver decisions to the platform: signed envelopes, retried with back-off until a 2xx."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from sandbox.civil import signing
from sandbox.civil.notify import MEDIA_TYPE, back_off
from sandbox.employment import store

log = logging.getLogger(__name__)
SENDER = "employment-centre-sandbox"


def envelope(row: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    """The notify message: header (who, when, which centre) and the decision."""
    return {
        "header": {
            "message_id": f"{row['decision_id']}:{row['attempts'] + 1}",
            "message_ts": now.isoformat(),
            "action": "notify",
            "sender_id": SENDER,
            "centre": row["province_code"],
        },
        "message": {
            "decision_id": str(row["decision_id"]),
            "claim_id": str(row["claim_id"]),
            "seq": row["seq"],
            "kind": row["kind"],
            "issued_at": row["issued_at"].astimezone(UTC).isoformat(),
            "decision": row["body"],
        },
    }


def deliver_due(
    centre: store.Centre,
    client: httpx.Client,
    callback_url: str,
    *,
    now: datetime | None = None,
    limit: int = 500,
) -> tuple[int, int]:
    """Try every due decision once; return (delivered, failed)."""
    at = now or datetime.now(UTC)
    delivered = failed = 0
    with centre.connect() as connection, connection.transaction():  # one commit per round
        key = signing.signing_key(connection)
        for row in store.due(connection, now=at, limit=limit):
            status = _post(client, callback_url, signing.sign(envelope(row, now=at), key))
            ok = 200 <= status < 300
            retry = None if ok else back_off(row["attempts"] + 1)
            store.mark(connection, row["decision_id"], status=status, now=at, retry_after=retry)
            delivered, failed = delivered + ok, failed + (not ok)
    return delivered, failed


def _post(client: httpx.Client, url: str, token: str) -> int:
    try:
        return client.post(url, content=token, headers={"Content-Type": MEDIA_TYPE}).status_code
    except httpx.HTTPError as exc:
        log.info("a decision's notification failed: %s", type(exc).__name__)
        return 0


def keep_delivering(
    centre: store.Centre,
    client: httpx.Client,
    callback_url: str,
    stop: threading.Event,
    every: float = 1.0,
) -> None:
    """Deliver due decisions until `stop` is set (the sandbox's background thread)."""
    while not stop.wait(every):
        try:
            deliver_due(centre, client, callback_url)
        except Exception:  # keep the thread alive across database hiccups
            log.exception("delivery round failed")
