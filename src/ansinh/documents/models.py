"""An issued document: what was sealed, for whom, when, and whether it was revoked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

KINDS = (
    "si-confirmation",
    "hi-card",
    "claim-decision",
    "coverage-certificate",
    "claim-batch-result",
    "service-result",
)


class Document(Base):
    """One issued PDF, held by a person or an employer; its public id is random, never an
    identifier of the person."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(f"kind IN {KINDS!r}", name="kind"),
        CheckConstraint("(revoked_at IS NULL) = (revoke_reason IS NULL)", name="revoked"),
        CheckConstraint("(si_number IS NULL) <> (unit_code IS NULL)", name="holder"),
        Index("ix_documents_si_number", "si_number"),
    )

    document_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    si_number: Mapped[str | None] = mapped_column(ForeignKey("persons.si_number"))
    unit_code: Mapped[str | None] = mapped_column(ForeignKey("employers.unit_code"))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    content_sha256: Mapped[str] = mapped_column(String(64))
    seal_kid: Mapped[str] = mapped_column(String(100))
    # the file as issued: a re-download is the same file, an upload is compared byte for byte
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoke_reason: Mapped[str | None] = mapped_column(String(500))
