"""Who handles which event: domains subscribe their handlers; the composition root loads them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session

from ansinh.core.events.schemas import DomainEvent


class Handler(Protocol):
    """An idempotent reaction to an event, run in the transaction that records its delivery."""

    def __call__(self, *, db_session: Session, event: DomainEvent) -> None:
        """Apply the event's consequences in this domain (flush, never commit)."""


_BY_EVENT: dict[str, dict[str, Handler]] = {}


def subscribe(*events: type[DomainEvent]) -> Callable[[Handler], Handler]:
    """Register the decorated function as a handler of each of `events`."""

    def register(handler: Handler) -> Handler:
        name = f"{handler.__module__}.{getattr(handler, '__qualname__', repr(handler))}"
        for event in events:
            _BY_EVENT.setdefault(event.name, {})[name] = handler
        return handler

    return register


def handlers_of(event_name: str) -> dict[str, Handler]:
    """The handlers subscribed to `event_name`, by handler name."""
    return dict(_BY_EVENT.get(event_name, {}))


def handler_named(name: str) -> Handler | None:
    """The subscribed handler called `name`, if a loaded module subscribed it."""
    for handlers in _BY_EVENT.values():
        if name in handlers:
            return handlers[name]
    return None
