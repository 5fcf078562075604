"""An application to an online service, its timeline and its attachments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ansinh.core.db import Base, Timestamped
from ansinh.services.enums import OPEN, ApplicationStatus

STATUSES = tuple(s.value for s in ApplicationStatus)
OPEN_STATUSES = tuple(s.value for s in OPEN)
OUTCOMES = ("approved", "rejected")
APPLICANTS = ("citizen", "employer", "officer")


class Application(Base, Timestamped):
    """An application; its public reference is random, never an identifier.

    `due_on` is the statutory deadline counted from `received_on` in the procedure's unit, moved
    on by the working days the file waited for the applicant's documents (`paused_days`).
    """

    __tablename__ = "service_applications"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        CheckConstraint(f"outcome IS NULL OR outcome IN {OUTCOMES!r}", name="outcome"),
        CheckConstraint("(status = 'decided') = (outcome IS NOT NULL)", name="decided"),
        CheckConstraint(f"applicant_kind IN {APPLICANTS!r}", name="applicant_kind"),
        CheckConstraint("checker IS NULL OR checker <> maker", name="four_eyes"),
        CheckConstraint("(status = 'incomplete') = (paused_on IS NOT NULL)", name="paused"),
        Index("ix_service_applications_si_number", "si_number"),
        Index("ix_service_applications_status", "status"),
        Index("ix_service_applications_queue", "province_code", "service_code", "due_on"),
        # One application per service and person waiting for a decision at a time.
        Index(
            "uq_service_applications_open",
            "si_number",
            "service_code",
            unique=True,
            postgresql_where=text(f"status IN {OPEN_STATUSES!r}"),
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
    applicant_kind: Mapped[str] = mapped_column(
        String(8), default="citizen", server_default="citizen"
    )
    applicant_id: Mapped[str | None] = mapped_column(String(64))
    province_code: Mapped[str | None] = mapped_column(String(2))
    received_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    paused_on: Mapped[date | None] = mapped_column(Date)
    paused_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    assignee: Mapped[str | None] = mapped_column(String(64))
    maker: Mapped[str | None] = mapped_column(String(64))
    checker: Mapped[str | None] = mapped_column(String(64))
    proposed_outcome: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(500))
    document_id: Mapped[str | None] = mapped_column(String(16))
    # the applicant's notification: the last step they have seen (newer ones are shown as news)
    seen_event_id: Mapped[int | None] = mapped_column(BigInteger)

    events: Mapped[list[ApplicationEvent]] = relationship(
        order_by="ApplicationEvent.event_id", lazy="selectin", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        order_by="Attachment.attachment_id", lazy="selectin", cascade="all, delete-orphan"
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


class Attachment(Base):
    """A file the applicant sent with the application (scanned before it is kept)."""

    __tablename__ = "service_application_attachments"
    __table_args__ = (Index("ix_service_application_attachments_application_id", "application_id"),)

    attachment_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("service_applications.application_id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
