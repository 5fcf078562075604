"""Evidence tables: facilities' signing certificates, the receipt log, the medical certificates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base, Timestamped

KINDS = ("sick_leave", "birth", "death", "discharge", "pregnancy_rest")
OUTCOMES = ("accepted", "duplicate", "refused")


class SigningCertificate(Base, Timestamped):
    """An X.509 certificate a facility registered to sign the documents it sends."""

    __tablename__ = "evidence_signing_certificates"
    __table_args__ = (Index("ix_evidence_signing_certificates_facility_code", "facility_code"),)

    certificate_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    facility_code: Mapped[str] = mapped_column(ForeignKey("hi_facilities.code"))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the DER
    subject: Mapped[str] = mapped_column(String(500))
    not_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    pem: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())


class EvidenceReceipt(Base):
    """Every PL02 submission, accepted or not: when, from whom, what came, what was answered."""

    __tablename__ = "evidence_receipts"
    __table_args__ = (
        CheckConstraint(f"outcome IN {OUTCOMES!r}", name="outcome"),
        Index("ix_evidence_receipts_ma_gd", "ma_gd"),
        Index("ix_evidence_receipts_facility_code_received_at", "facility_code", "received_at"),
    )

    receipt_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ma_gd: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    facility_code: Mapped[str] = mapped_column(String(20))  # as sent: may name no facility
    client_id: Mapped[str | None] = mapped_column(String(64))
    document_type: Mapped[str] = mapped_column(String(8))  # loaiHs
    outcome: Mapped[str] = mapped_column(String(10))
    result_code: Mapped[str] = mapped_column(String(4))  # MaKetQua
    reason: Mapped[str | None] = mapped_column(String(300))
    size_bytes: Mapped[int] = mapped_column(Integer)
    raw_sha256: Mapped[str | None] = mapped_column(String(64))
    serial: Mapped[str | None] = mapped_column(String(50))


class MedicalCertificate(Base):
    """A verified medical certificate; one per (facility, serial), every field kept as sent."""

    __tablename__ = "medical_certificates"
    __table_args__ = (
        UniqueConstraint("facility_code", "serial", name="facility_serial"),
        CheckConstraint(f"kind IN {KINDS!r}", name="kind"),
        CheckConstraint(
            "from_date IS NULL OR to_date IS NULL OR from_date <= to_date", name="days"
        ),
        Index("ix_medical_certificates_serial", "serial"),
        Index("ix_medical_certificates_personal_id", "personal_id"),
        Index("ix_medical_certificates_si_number", "si_number"),
    )

    certificate_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    facility_code: Mapped[str] = mapped_column(String(5))
    serial: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(16))
    form_code: Mapped[str | None] = mapped_column(String(8))  # CT07, CT03, CT06, GCS, GBT
    personal_id: Mapped[str | None] = mapped_column(String(12))
    si_number: Mapped[str | None] = mapped_column(String(10))
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)
    event_date: Mapped[date | None] = mapped_column(Date)
    caesarean: Mapped[bool | None] = mapped_column(Boolean)
    under_32_weeks: Mapped[bool | None] = mapped_column(Boolean)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONB)  # every field as sent (strings)
    raw_sha256: Mapped[str | None] = mapped_column(String(64))
    ma_gd: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
