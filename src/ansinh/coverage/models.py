"""Coverage tables: every application for a certificate, issued or refused, with its reason."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

STATUSES = ("issued", "refused")
ISSUED = "status = 'issued'"


class Certificate(Base):
    """One employer's application for a posted worker, and what the platform ruled on it."""

    __tablename__ = "coverage_certificates"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint("(status = 'issued') = (document_id IS NOT NULL)", name="document"),
        CheckConstraint("(status = 'refused') = (refusal_code IS NOT NULL)", name="refusal"),
        Index("ix_coverage_certificates_worker", "si_number", "country", "starts_on"),
        # the same posting is certified once: an employer's retry gets the same certificate
        Index(
            "uq_coverage_certificates_posting",
            "si_number",
            "country",
            "unit_code",
            "starts_on",
            "ends_on",
            unique=True,
            postgresql_where=text(ISSUED),
        ),
    )

    reference: Mapped[str] = mapped_column(String(20), primary_key=True)
    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"))
    country: Mapped[str] = mapped_column(String(2))
    unit_code: Mapped[str] = mapped_column(ForeignKey("employers.unit_code"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    extension: Mapped[bool] = mapped_column(Boolean)
    months_counted: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(7))
    refusal_code: Mapped[str | None] = mapped_column(String(30))
    reason_vi: Mapped[str | None] = mapped_column(Text)
    reason_en: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[str | None] = mapped_column(ForeignKey("documents.document_id"))
    verification_url: Mapped[str | None] = mapped_column(Text)
    applied_by: Mapped[str] = mapped_column(String(100))
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
