"""The audit event table (append-only, enforced by a database trigger)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Identity, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

AUDIT_ACTIONS = ("read", "create", "update")


class AuditEvent(Base):
    """Who did what to whose data, when and why."""

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint(f"action IN {AUDIT_ACTIONS!r}", name="action"),
        Index("ix_audit_events_subject_at", "subject", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(8))
    resource: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(200))
