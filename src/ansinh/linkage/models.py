"""Linkage tables: reconciliation runs and the review queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base, Timestamped
from ansinh.linkage.enums import ReviewState

REVIEW_STATES = tuple(s.value for s in ReviewState)
REVIEW_SOURCES = ("batch", "realtime")


class LinkageRun(Base):
    """One reconciliation of the registry against the population register."""

    __tablename__ = "linkage_runs"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    settings_version: Mapped[str] = mapped_column(String(20))
    backend: Mapped[str] = mapped_column(String(20))
    summary: Mapped[dict[str, Any]] = mapped_column(JSONB)


class ReviewItem(Base, Timestamped):
    """A proposed link between an insured person and a register record, for an officer."""

    __tablename__ = "linkage_reviews"
    __table_args__ = (
        CheckConstraint(f"state IN {REVIEW_STATES!r}", name="state"),
        CheckConstraint(f"source IN {REVIEW_SOURCES!r}", name="source"),
        Index("ix_linkage_reviews_state", "state"),
        Index(
            "uq_linkage_reviews_open_si_number",
            "si_number",
            unique=True,
            postgresql_where=text("state = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("linkage_runs.id"))
    source: Mapped[str] = mapped_column(String(8))
    register_record: Mapped[dict[str, Any]] = mapped_column(JSONB)
    match_probability: Mapped[float | None] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(10), server_default="open")
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FeedCursor(Base):
    """How far the population register's change feed has been applied (its last sequence number)."""

    __tablename__ = "linkage_feed_cursors"

    feed: Mapped[str] = mapped_column(String(40), primary_key=True)
    after: Mapped[int] = mapped_column(BigInteger, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
