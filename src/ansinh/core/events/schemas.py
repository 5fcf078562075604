"""Typed, versioned domain events: a base class, the registry of event types, delivery rows."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ansinh.core import clock

_TYPES: dict[tuple[str, int], type[DomainEvent]] = {}


class DomainEvent(BaseModel):
    """A fact one domain announces to the others; subclasses set `name` and `version`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ClassVar[str]
    version: ClassVar[int] = 1
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    occurred_at: datetime = Field(default_factory=clock.now)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Register every concrete event type under its name and version."""
        super().__pydantic_init_subclass__(**kwargs)
        key = (cls.name, cls.version)
        if key in _TYPES and _TYPES[key] is not cls:
            raise TypeError(f"event {cls.name} v{cls.version} is defined twice")
        _TYPES[key] = cls

    def payload(self) -> dict[str, Any]:
        """The event's own fields as JSON (without its id and time, stored beside it)."""
        return self.model_dump(mode="json", exclude={"event_id", "occurred_at"})


def event_type(name: str, version: int) -> type[DomainEvent]:
    """The class of event `name` at `version` (KeyError if no loaded module defines it)."""
    return _TYPES[(name, version)]


def event_types() -> list[type[DomainEvent]]:
    """Every event type defined by the modules loaded so far, by name and version."""
    return [_TYPES[key] for key in sorted(_TYPES)]


class DeliveryRead(BaseModel):
    """One delivery of an event to a handler, as an operator sees it (no payload)."""

    model_config = ConfigDict(from_attributes=True)

    event_id: uuid.UUID
    event_name: str
    handler: str
    status: str
    attempts: int
    last_error: str | None
    occurred_at: datetime
    updated_at: datetime
