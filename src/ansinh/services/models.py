"""An application to an online service and its timeline (submitted → in review → decided)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ansinh.core.db import Base, Timestamped
from ansinh.services.enums import ApplicationStatus

STATUSES = tuple(s.value for s in ApplicationStatus)
OUTCOMES = ("approved", "rejected")


class Application(Base, Timestamped):
    """A citizen's application; its public reference is random, never an identifier."""

    __tablename__ = "service_applications"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        CheckConstraint(f"outcome IS NULL OR outcome IN {OUTCOMES!r}", name="outcome"),
        CheckConstraint("(status = 'decided') = (outcome IS NOT NULL)", name="decided"),
        Index("ix_service_applications_si_number", "si_number"),
        Index("ix_service_applications_status", "status"),
        # One application per service and person waiting for a decision at a time.
        Index(
            "uq_service_applications_open",
            "si_number",
            "service_code",
            unique=True,
            postgresql_where=text("status IN ('submitted', 'in_review')"),
        ),
    )

    application_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    service_code: Mapped[str] = mapped_column(String(32))
    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"))
    level: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str | None] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(16), default="portal", server_default="portal")
    external_reference: Mapped[str | None] = mapped_column(String(40))

    events: Mapped[list[ApplicationEvent]] = relationship(
        order_by="ApplicationEvent.event_id", lazy="selectin", cascade="all, delete-orphan"
    )


class ApplicationEvent(Base):
    """One step of an application's timeline: who moved it to which status, and why."""

    __tablename__ = "service_application_events"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        Index("ix_service_application_events_application_id", "application_id"),
    )

    event_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("service_applications.application_id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    status: Mapped[str] = mapped_column(String(10))
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(500))
