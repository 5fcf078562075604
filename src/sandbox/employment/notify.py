"""Deliver decisions to the platform: signed envelopes, retried with back-off until a 2xx."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from sandbox.civil import signing
from sandbox.civil.notify import MEDIA_TYPE, back_off, groups
from sandbox.employment import store

log = logging.getLogger(__name__)
SENDER = "employment-centre-sandbox"
BATCH = 100  # decisions to a message in the background rounds


def _header(row: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    return {
        "message_id": f"{row['decision_id']}:{row['attempts'] + 1}",
        "message_ts": now.isoformat(),
        "action": "notify",
        "sender_id": SENDER,
        "centre": row["province_code"],
    }


def _decision(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "decision_id": str(row["decision_id"]),
        "claim_id": str(row["claim_id"]),
        "seq": row["seq"],
        "kind": row["kind"],
        "issued_at": row["issued_at"].astimezone(UTC).isoformat(),
        "decision": row["body"],
    }


def envelope(row: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    """The notify message: header (who, when, which centre) and the decision."""
    return {"header": _header(row, now=now), "message": _decision(row)}


def batch_envelope(rows: Sequence[Mapping[str, Any]], *, now: datetime) -> dict[str, Any]:
    """Several decisions of one centre in one notify message."""
    return {
        "header": _header(rows[0], now=now),
        "message": {"decisions": [_decision(row) for row in rows]},
    }


def deliver_due(
    centre: store.Centre,
    client: httpx.Client,
    callback_url: str,
    *,
    now: datetime | None = None,
    limit: int = 500,
    batch: int = 1,
) -> tuple[int, int]:
    """Try every due decision once, `batch` decisions to a message; (delivered, failed)."""
    at = now or datetime.now(UTC)
    delivered = failed = 0
    with centre.connect() as connection:  # no transaction open while posting
        key = signing.signing_key(connection)
        due = store.due(connection, now=at, limit=limit)
        for group in groups(due, batch, key="province_code"):  # one centre a message
            message = envelope(group[0], now=at) if batch == 1 else batch_envelope(group, now=at)
            status = _post(client, callback_url, signing.sign(message, key))
            ok = 200 <= status < 300
            with connection.transaction():
                for row in group:
                    retry = None if ok else back_off(row["attempts"] + 1)
                    store.mark(
                        connection, row["decision_id"], status=status, now=at, retry_after=retry
                    )
            delivered, failed = delivered + ok * len(group), failed + (not ok) * len(group)
    return delivered, failed


def _post(client: httpx.Client, url: str, token: str) -> int:
    try:
        return client.post(url, content=token, headers={"Content-Type": MEDIA_TYPE}).status_code
    except httpx.HTTPError as exc:
        log.info("a decision's notification failed: %s", type(exc).__name__)
        return 0
