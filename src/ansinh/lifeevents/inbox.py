"""Receive a notification: keep it first (raw, signature check, time), then queue its handling."""

from __future__ import annotations

import json
import uuid
from base64 import urlsafe_b64decode
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import signing
from ansinh.core.jobs.queue import enqueue
from ansinh.lifeevents.models import HANDLED_ONCE, InboxEntry, Subscription
from ansinh.lifeevents.schemas import BatchMessage, Envelope, Receipt

HANDLE = "lifeevents:handle"
MAX_RAW = 64_000
MAX_ENVELOPE = 128_000  # the JWS library refuses payloads above 129,536 bytes


class Refused(Exception):
    """A notification the inbox will not act on, with the HTTP status to answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def _unverified(raw: str) -> dict[str, Any]:
    """The payload of a compact JWS before its signature is checked (to find the key set)."""
    try:
        segment = raw.split(".")[1]
        claims = json.loads(urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (IndexError, ValueError) as exc:
        raise Refused(400, "not a compact JWS") from exc
    if not isinstance(claims, dict):
        raise Refused(400, "the signed payload is not a JSON object")
    return claims


def _subscription_of(claims: dict[str, Any]) -> uuid.UUID:
    try:
        return uuid.UUID(str(claims["header"]["subscription_id"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise Refused(400, "the header names no subscription") from exc


def _verified(db_session: Session, raw: str) -> Envelope:
    if len(raw) > MAX_ENVELOPE:
        raise Refused(413, "notification too large")
    subscription = db_session.get(Subscription, _subscription_of(_unverified(raw)))
    if subscription is None:
        raise Refused(403, "unknown subscription")
    try:
        return Envelope.model_validate(signing.verify(raw, subscription.jwks))
    except signing.SignatureInvalid as exc:
        raise Refused(401, str(exc)) from None
    except ValidationError as exc:
        raise Refused(422, f"not a notification: {exc.error_count()} invalid fields") from None


def receive(*, db_session: Session, raw: str) -> tuple[Receipt, int]:
    """Keep `raw` in the inbox and queue its handling; the receipt and the HTTP status to answer.

    A batch message keeps one entry per registration (its raw the registration's JSON, the
    envelope's signature checked once) and queues one handling job for the set. Refusals (bad
    signature, unknown subscription, malformed) are kept too, and answered 4xx; a registration
    whose event id is already in the inbox is kept as a duplicate (a message of duplicates only
    is answered 200).
    """
    try:
        envelope = _verified(db_session, raw)
    except Refused as refused:
        entry = InboxEntry(raw=raw[:MAX_RAW], signature_ok=False, state="refused")
        entry.refusal = str(refused)
        db_session.add(entry)
        db_session.flush()
        return Receipt(outcome="refused", inbox_id=entry.inbox_id, reason=str(refused)), (
            refused.status
        )
    single = not isinstance(envelope.message, BatchMessage)
    rows = [
        {
            "raw": raw if single else json.dumps(event.model_dump(mode="json")),
            "signature_ok": True,
            "subscription_id": envelope.header.subscription_id,
            "event_id": event.event_id,
            "kind": event.event_type,
            "record_id": event.record_id[:40],
            "payload": event.registration,
        }
        for event in envelope.events
    ]
    accepted = db_session.execute(
        insert(InboxEntry)
        .values([row | {"state": "pending"} for row in rows])
        .on_conflict_do_nothing(
            index_elements=["event_id"],
            index_where=text(HANDLED_ONCE),  # a literal: inference fails on a bound predicate
        )
        .returning(InboxEntry.inbox_id, InboxEntry.event_id)
    ).all()
    kept = {event_id for _, event_id in accepted}
    duplicates = [row | {"state": "duplicate"} for row in rows if row["event_id"] not in kept]
    duplicate_ids = (
        list(
            db_session.scalars(insert(InboxEntry).values(duplicates).returning(InboxEntry.inbox_id))
        )
        if duplicates
        else []
    )
    if not accepted:
        receipt = Receipt(
            outcome="duplicate", inbox_id=duplicate_ids[0], events=len(rows), duplicates=len(rows)
        )
        return receipt, 200
    first = min(inbox_id for inbox_id, _ in accepted)
    enqueue(db_session, HANDLE, {"inbox_id": first})
    receipt = Receipt(
        outcome="accepted", inbox_id=first, events=len(rows), duplicates=len(duplicates)
    )
    return receipt, 202


def open_entries(
    *, db_session: Session, state: str, received_before: datetime, limit: int
) -> list[int]:
    """Inbox entries in `state` (pending or waiting) received before a time, oldest first."""
    return list(
        db_session.scalars(
            select(InboxEntry.inbox_id)
            .where(InboxEntry.state == state, InboxEntry.received_at < received_before)
            .order_by(InboxEntry.inbox_id)
            .limit(limit)
        )
    )
