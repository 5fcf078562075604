"""Record events in the caller's transaction; track, retry and replay their deliveries.

Services flush, never commit: `record` writes the outbox row and the job that dispatches it in the
caller's transaction, so the event exists for the worker exactly when the change is committed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Uuid, func, literal, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.arrays import any_of, array_of
from ansinh.core.config import get_settings
from ansinh.core.events.handlers import handler_named
from ansinh.core.events.models import EventDelivery, OutboxEvent
from ansinh.core.events.schemas import DeliveryRead, DomainEvent, event_type
from ansinh.core.jobs.queue import enqueue

DISPATCH = "events:dispatch"
REDELIVER = "events:redeliver"
ERROR_CHARS = 500


def record(*, db_session: Session, event: DomainEvent) -> None:
    """Write `event` to the outbox, with the job that will dispatch it, in this transaction."""
    db_session.execute(
        insert(OutboxEvent).values(
            event_id=event.event_id,
            batch_id=event.event_id,
            name=event.name,
            version=event.version,
            payload=event.payload(),
            occurred_at=event.occurred_at,
        )
    )
    enqueue(db_session, DISPATCH, {"batch_id": str(event.event_id)})


def record_set(
    executor: Session | Connection,
    kind: type[DomainEvent],
    payloads_sql: str,
    params: Mapping[str, Any] | None = None,
) -> int:
    """Record one `kind` event per row of `payloads_sql` (a query selecting `payload` jsonb).

    Set-based, for the bulk paths: one INSERT ... SELECT and one dispatch job for the whole set.
    """
    batch_id = uuid.uuid4()
    recorded = executor.execute(
        text(
            "INSERT INTO outbox_events (event_id, batch_id, name, version, payload, occurred_at) "
            f"SELECT gen_random_uuid(), :batch_id, :name, :version, q.payload, :at "
            f"FROM ({payloads_sql}) q"
        ),
        {
            **(params or {}),
            "batch_id": batch_id,
            "name": kind.name,
            "version": kind.version,
            "at": clock.now(),
        },
    ).rowcount  # type: ignore[attr-defined]
    if recorded:
        enqueue(executor, DISPATCH, {"batch_id": str(batch_id)})
    return int(recorded)


def batch(*, db_session: Session, batch_id: uuid.UUID) -> Sequence[tuple[uuid.UUID, str]]:
    """The events recorded together as `batch_id`: (event id, name), in recording order."""
    rows = db_session.execute(
        select(OutboxEvent.event_id, OutboxEvent.name)
        .where(OutboxEvent.batch_id == batch_id)
        .order_by(OutboxEvent.position)
    ).all()
    return [(row.event_id, row.name) for row in rows]


def claim(
    *, db_session: Session, event_ids: Sequence[uuid.UUID], handler: str
) -> list[DomainEvent]:
    """Lock the deliveries of `event_ids` to `handler`; the events not yet handled, in order.

    The locks are held until the caller's transaction ends, so two workers never run one
    delivery at once, and a delivery whose transaction committed is never run again.
    """
    # One array parameter each: the statements stay cached whatever the chunk's size.
    db_session.execute(
        insert(EventDelivery)
        .from_select(
            ["event_id", "handler", "status"],
            select(func.unnest(array_of(event_ids, Uuid)), literal(handler), literal("pending")),
        )
        .on_conflict_do_nothing()
    )
    open_ids = db_session.scalars(
        select(EventDelivery.event_id)
        .where(
            any_of(EventDelivery.event_id, event_ids, Uuid),
            EventDelivery.handler == handler,
            EventDelivery.status.not_in(("done", "dead")),
        )
        .order_by(EventDelivery.event_id)
        .with_for_update()
    ).all()
    if not open_ids:
        return []
    stored = db_session.scalars(
        select(OutboxEvent)
        .where(any_of(OutboxEvent.event_id, open_ids, Uuid))
        .order_by(OutboxEvent.position)
    ).all()
    return [
        event_type(row.name, row.version).model_validate(
            row.payload | {"event_id": row.event_id, "occurred_at": row.occurred_at}
        )
        for row in stored
    ]


def handle(*, db_session: Session, event_id: uuid.UUID, handler: str) -> bool:
    """Run `handler` on `event_id` unless already done; False if there was nothing to do."""
    return handle_many(db_session=db_session, event_ids=[event_id], handler=handler) == 1


def handle_many(*, db_session: Session, event_ids: Sequence[uuid.UUID], handler: str) -> int:
    """Run `handler` on each of `event_ids` not yet done, in recording order; how many ran.

    Every effect and every `done` row belong to the caller's one transaction: all commit, or
    none does (the worker then delivers the events one by one to isolate a failing one).
    """
    react = handler_named(handler)
    if react is None:
        raise LookupError(f"no loaded module subscribes a handler named {handler}")
    events = claim(db_session=db_session, event_ids=event_ids, handler=handler)
    if events:
        react(db_session=db_session, events=events)
    mark_done(db_session=db_session, event_ids=[e.event_id for e in events], handler=handler)
    db_session.flush()
    return len(events)


def mark_done(*, db_session: Session, event_ids: Sequence[uuid.UUID], handler: str) -> None:
    """Record that `handler` handled `event_ids` (in the transaction of the handler's effects)."""
    if not event_ids:
        return
    db_session.execute(
        update(EventDelivery)
        .where(any_of(EventDelivery.event_id, event_ids, Uuid), EventDelivery.handler == handler)
        .values(
            status="done",
            attempts=EventDelivery.attempts + 1,
            next_attempt_at=None,
            updated_at=clock.now(),
        )
    )


def mark_failed(
    *, db_session: Session, event_id: uuid.UUID, handler: str, error: BaseException
) -> str:
    """Count a failed attempt: retry later with back-off, or after the last one, a dead letter."""
    settings = get_settings()
    db_session.execute(
        insert(EventDelivery)
        .values(event_id=event_id, handler=handler, status="pending")
        .on_conflict_do_nothing()
    )
    delivery = db_session.scalars(
        select(EventDelivery)
        .where(EventDelivery.event_id == event_id, EventDelivery.handler == handler)
        .with_for_update()
    ).one()
    delivery.attempts += 1
    delivery.last_error = f"{type(error).__name__}: {error}"[:ERROR_CHARS]
    delivery.updated_at = clock.now()
    if delivery.attempts >= settings.event_max_attempts:
        delivery.status, delivery.next_attempt_at = "dead", None
    else:
        wait = settings.event_retry_seconds * 2 ** (delivery.attempts - 1)
        delivery.status = "failed"
        delivery.next_attempt_at = clock.now() + timedelta(seconds=wait)
        _redeliver(db_session, delivery)
    db_session.flush()
    return delivery.status


def dead_letters(*, db_session: Session, limit: int = 100) -> list[DeliveryRead]:
    """Deliveries that failed every attempt, newest first."""
    rows = db_session.execute(
        select(EventDelivery, OutboxEvent.name, OutboxEvent.occurred_at)
        .join(OutboxEvent, OutboxEvent.event_id == EventDelivery.event_id)
        .where(EventDelivery.status == "dead")
        .order_by(EventDelivery.updated_at.desc())
        .limit(limit)
    ).all()
    return [
        DeliveryRead(
            event_id=d.event_id,
            event_name=name,
            handler=d.handler,
            status=d.status,
            attempts=d.attempts,
            last_error=d.last_error,
            occurred_at=at,
            updated_at=d.updated_at,
        )
        for d, name, at in rows
    ]


def replay(*, db_session: Session, event_id: uuid.UUID | None = None) -> int:
    """Give dead deliveries (of one event, or all) a fresh set of attempts; return how many."""
    statement = select(EventDelivery).where(EventDelivery.status == "dead").with_for_update()
    if event_id is not None:
        statement = statement.where(EventDelivery.event_id == event_id)
    deliveries = db_session.scalars(statement).all()
    for delivery in deliveries:
        delivery.status, delivery.attempts = "failed", 0
        delivery.next_attempt_at, delivery.updated_at = clock.now(), clock.now()
        _redeliver(db_session, delivery)
    db_session.flush()
    return len(deliveries)


def _redeliver(db_session: Session, delivery: EventDelivery) -> None:
    args = {"event_id": str(delivery.event_id), "handler": delivery.handler}
    enqueue(db_session, REDELIVER, args, at=delivery.next_attempt_at)
