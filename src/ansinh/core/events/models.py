"""The outbox (every recorded domain event) and the delivery of each event to each handler."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

DELIVERY_STATUSES = ("pending", "done", "failed", "dead")


class OutboxEvent(Base):
    """A domain event, written in the transaction of the change it announces."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_batch_id", "batch_id"),)

    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
    batch_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    name: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EventDelivery(Base):
    """How delivering one event to one handler went; `done` makes a redelivery a no-op."""

    __tablename__ = "event_deliveries"
    __table_args__ = (
        CheckConstraint(f"status IN {DELIVERY_STATUSES!r}", name="status"),
        Index("ix_event_deliveries_status", "status"),
    )

    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("outbox_events.event_id"), primary_key=True
    )
    handler: Mapped[str] = mapped_column(String(200), primary_key=True)
    status: Mapped[str] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
