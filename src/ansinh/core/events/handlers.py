"""Who handles which event: domains subscribe their handlers; the composition root loads them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from sqlalchemy.orm import Session

from ansinh.core.events.schemas import DomainEvent


class Handler(Protocol):
    """An idempotent reaction to an event, run in the transaction that records its delivery."""

    def __call__(self, *, db_session: Session, event: DomainEvent) -> None:
        """Apply the event's consequences in this domain (flush, never commit)."""


class SetHandler(Protocol):
    """An idempotent reaction to a chunk of events at once, in recording order."""

    def __call__(self, *, db_session: Session, events: Sequence[DomainEvent]) -> None:
        """Apply the events' consequences in this domain as a set (flush, never commit)."""


_BY_EVENT: dict[str, dict[str, SetHandler]] = {}


def subscribe(*events: type[DomainEvent]) -> Callable[[Handler], Handler]:
    """Register the decorated function as a handler of each of `events`, one event at a time."""

    def register(handler: Handler) -> Handler:
        def each(*, db_session: Session, events: Sequence[DomainEvent]) -> None:
            for event in events:
                handler(db_session=db_session, event=event)

        _register(_name(handler), events, each)
        return handler

    return register


def subscribe_set(*events: type[DomainEvent]) -> Callable[[SetHandler], SetHandler]:
    """Register the decorated function as a handler of chunks of each of `events`."""

    def register(handler: SetHandler) -> SetHandler:
        _register(_name(handler), events, handler)
        return handler

    return register


def _name(handler: object) -> str:
    return f"{handler.__module__}.{getattr(handler, '__qualname__', repr(handler))}"


def _register(name: str, events: Iterable[type[DomainEvent]], handler: SetHandler) -> None:
    for event in events:
        _BY_EVENT.setdefault(event.name, {})[name] = handler


def handlers_of(event_name: str) -> dict[str, SetHandler]:
    """The handlers subscribed to `event_name`, by handler name."""
    return dict(_BY_EVENT.get(event_name, {}))


def handler_named(name: str) -> SetHandler | None:
    """The subscribed handler called `name`, if a loaded module subscribed it."""
    for handlers in _BY_EVENT.values():
        if name in handlers:
            return handlers[name]
    return None
