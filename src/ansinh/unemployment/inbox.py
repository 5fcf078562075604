"""Receive a centre's decision: keep it first (raw, signature check), then queue its handling."""

from __future__ import annotations

import json
from base64 import urlsafe_b64decode
from typing import Any

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import signing
from ansinh.core.clock import VIETNAM
from ansinh.core.jobs.queue import enqueue
from ansinh.unemployment.models import HANDLED_ONCE, Centre, InboxEntry
from ansinh.unemployment.schemas import BatchMessage, Envelope, Message, Receipt

HANDLE = "unemployment:handle"
MAX_RAW = 64_000  # kept of a refused notification
MAX_ENVELOPE = 128_000  # the JWS library refuses payloads above 129,536 bytes


class Refused(Exception):
    """A notification the inbox will not act on, with the HTTP status to answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def _sender(raw: str) -> str:
    """The sender named in a compact JWS's payload, before its signature is checked."""
    try:
        segment = raw.split(".")[1]
        claims = json.loads(urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
        return str(claims["header"]["sender_id"])
    except (IndexError, KeyError, TypeError, ValueError) as exc:
        raise Refused(400, "not a compact JWS naming its sender") from exc


def _verified(db_session: Session, raw: str) -> Envelope:
    if len(raw) > MAX_ENVELOPE:
        raise Refused(413, "notification too large")
    centre = db_session.get(Centre, _sender(raw)[:40])
    if centre is None:
        raise Refused(403, "unknown centre")
    try:
        return Envelope.model_validate(signing.verify(raw, centre.jwks))
    except signing.SignatureInvalid as exc:
        raise Refused(401, str(exc)) from None
    except ValidationError as exc:
        raise Refused(422, f"not a decision: {exc.error_count()} invalid fields") from None


def receive(*, db_session: Session, raw: str) -> tuple[Receipt, int]:
    """Keep `raw` in the inbox and queue its handling; the receipt and the HTTP status to answer.

    A batch message keeps one entry per decision (its raw the decision's JSON, the envelope's
    signature checked once) and queues one handling job for the set. Refusals are kept too and
    answered 4xx; a decision already in the inbox is kept as a duplicate (a message of
    duplicates only is answered 200, so the centre stops retrying it).
    """
    try:
        envelope = _verified(db_session, raw)
    except Refused as refused:
        entry = InboxEntry(raw=raw[:MAX_RAW], signature_ok=False, state="refused")
        entry.refusal = str(refused)
        db_session.add(entry)
        db_session.flush()
        receipt = Receipt(outcome="refused", inbox_id=entry.inbox_id, reason=str(refused))
        return receipt, refused.status
    single = not isinstance(envelope.message, BatchMessage)
    rows = [_row(envelope, message, raw if single else None) for message in envelope.decisions]
    inserted = db_session.execute(
        insert(InboxEntry)
        .values([row | {"state": "pending"} for row in rows])
        .on_conflict_do_nothing(index_elements=["decision_id"], index_where=text(HANDLED_ONCE))
        .returning(InboxEntry.decision_id, InboxEntry.inbox_id)
    )
    kept = dict(inserted.all())
    accepted = sorted(kept.values())
    duplicates = [row for row in rows if kept.pop(row["decision_id"], None) is None]
    duplicate_ids = (
        list(
            db_session.scalars(
                insert(InboxEntry)
                .values([row | {"state": "duplicate"} for row in duplicates])
                .returning(InboxEntry.inbox_id)
            )
        )
        if duplicates
        else []
    )
    counts = {"decisions": len(rows), "duplicates": len(duplicates)}
    if not accepted:
        return Receipt(outcome="duplicate", inbox_id=duplicate_ids[0], **counts), 200
    enqueue(db_session, HANDLE, {"inbox_ids": accepted})
    return Receipt(outcome="accepted", inbox_id=accepted[0], **counts), 202


def _row(envelope: Envelope, message: Message, raw: str | None) -> dict[str, Any]:
    return {
        "raw": raw or json.dumps(message.model_dump(mode="json")),
        "signature_ok": True,
        "decision_id": message.decision_id,
        "claim_id": message.claim_id,
        "seq": message.seq,
        "kind": message.kind,
        "payload": message.decision
        | {
            "centre": envelope.header.centre,
            "issued_on": message.issued_at.astimezone(VIETNAM).date().isoformat(),
        },
    }
