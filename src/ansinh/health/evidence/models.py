"""Stored medical certificates, keyed by serial, with the signed XML they came in (if any)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

KINDS = ("sick_leave", "birth", "death", "discharge", "pregnancy_rest")


class MedicalCertificate(Base):
    """One certificate a facility issued."""

    __tablename__ = "medical_certificates"
    __table_args__ = (CheckConstraint(f"kind IN {KINDS!r}", name="kind"),)

    serial: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    personal_id: Mapped[str | None] = mapped_column(String(12))
    si_number: Mapped[str | None] = mapped_column(String(10))
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)
    event_date: Mapped[date | None] = mapped_column(Date)
    facility_code: Mapped[str] = mapped_column(String(5))
    caesarean: Mapped[bool | None] = mapped_column(Boolean)
    under_32_weeks: Mapped[bool | None] = mapped_column(Boolean)
    raw_xml: Mapped[bytes | None] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
