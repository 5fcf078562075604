"""The worker's side of events: dispatch a batch to every handler, a chunk per transaction."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from procrastinate import Blueprint

from ansinh.core.config import get_settings
from ansinh.core.db import unit_of_work
from ansinh.core.events import service
from ansinh.core.events.handlers import handlers_of

log = logging.getLogger(__name__)
tasks = Blueprint()
"""Added to the worker's app under the `events` namespace (`events:dispatch`, ...)."""


@tasks.task(name="dispatch")
def dispatch(batch_id: str) -> None:
    """Deliver every event recorded as `batch_id` to each of its handlers, a chunk at a time."""
    with unit_of_work() as db_session:
        events = service.batch(db_session=db_session, batch_id=uuid.UUID(batch_id))
    by_handler: dict[str, list[uuid.UUID]] = {}
    for event_id, name in events:
        for handler in handlers_of(name):
            by_handler.setdefault(handler, []).append(event_id)
    size = get_settings().event_chunk_size
    for handler, event_ids in by_handler.items():
        for first in range(0, len(event_ids), size):
            deliver_chunk(event_ids[first : first + size], handler)


@tasks.task(name="redeliver")
def redeliver(event_id: str, handler: str) -> None:
    """Try one delivery again (a retry after back-off, or a replay of a dead letter)."""
    deliver(uuid.UUID(event_id), handler)


def deliver_chunk(event_ids: Sequence[uuid.UUID], handler: str) -> None:
    """Run a chunk of deliveries in one transaction; if it fails, each on its own."""
    if len(event_ids) == 1:
        deliver(event_ids[0], handler)
        return
    try:
        with unit_of_work() as db_session:
            service.handle_many(db_session=db_session, event_ids=event_ids, handler=handler)
    except Exception:  # noqa: BLE001  (the chunk rolled back: isolate the failing delivery)
        for event_id in event_ids:
            deliver(event_id, handler)


def deliver(event_id: uuid.UUID, handler: str) -> None:
    """Run one delivery; its effects and its `done` row commit together, or neither does."""
    try:
        with unit_of_work() as db_session:
            service.handle(db_session=db_session, event_id=event_id, handler=handler)
    except Exception as error:  # noqa: BLE001  (any handler failure is retried, then dead-lettered)
        with unit_of_work() as db_session:
            status = service.mark_failed(
                db_session=db_session, event_id=event_id, handler=handler, error=error
            )
        # The type only: a message may quote personal data.
        log.warning(
            "event %s to %s failed (%s): %s", event_id, handler, status, type(error).__name__
        )
