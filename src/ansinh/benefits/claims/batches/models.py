"""Tables of the employer channel: one row per claim list received, one per line of it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Integer,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

SOURCES = ("json", "csv", "xlsx")


class ClaimBatch(Base):
    """One claim list (01B-HSB) an employer sent; its content hash makes retries no-ops."""

    __tablename__ = "claim_batches"
    __table_args__ = (CheckConstraint(f"source IN {SOURCES!r}", name="source"),)

    batch_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    unit_code: Mapped[str] = mapped_column(String(12), index=True)
    unit_name: Mapped[str] = mapped_column(String(300))
    unit_account: Mapped[str] = mapped_column(String(19))
    unit_bank_bin: Mapped[str] = mapped_column(String(6))
    period: Mapped[date] = mapped_column(Date)
    batch_number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(4))
    allow_partial: Mapped[bool] = mapped_column(Boolean)
    lines_total: Mapped[int] = mapped_column(Integer)
    lines_accepted: Mapped[int] = mapped_column(Integer)
    submitted_by: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ClaimBatchLine(Base):
    """A line of a stored batch as received; `reason` says why intake refused it (else a claim)."""

    __tablename__ = "claim_batch_lines"
    # No foreign key: lines are only written with their batch, in one statement.
    batch_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    part: Mapped[str | None] = mapped_column(String(10))
    branch: Mapped[str | None] = mapped_column(String(13))
    subtype: Mapped[str | None] = mapped_column(String(16))
    si_number: Mapped[str | None] = mapped_column(String(10))
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)
    days: Mapped[int | None] = mapped_column(Integer)
    # The claim the line filed (Part 1) or adjusted (Part 2), if any.
    claim_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    field: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
