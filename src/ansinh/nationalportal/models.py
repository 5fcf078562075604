"""National-portal tables: dossiers received, and the status reports owed to the portal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Identity,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

STATES = ("pending", "sent", "failed")


class Dossier(Base):
    """A dossier forwarded by the national portal, and the application it became."""

    __tablename__ = "nationalportal_dossiers"

    dossier_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Report(Base):
    """One status of an application to report to the national portal, until it is acknowledged."""

    __tablename__ = "nationalportal_reports"
    __table_args__ = (
        CheckConstraint(f"state IN {STATES!r}", name="state"),
        # a status is reported once however often its event is delivered
        Index("uq_nationalportal_reports_status", "reference", "status", unique=True),
    )

    report_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    reference: Mapped[str] = mapped_column(String(16))
    dossier_no: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str | None] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note_vi: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(7), server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
