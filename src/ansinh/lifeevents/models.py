"""Life-event tables: subscriptions, the inbox of notifications, births, deaths, held reports."""

from __future__ import annotations

import uuid
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
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base

HANDLED_ONCE = "state NOT IN ('refused', 'duplicate')"
STATES = ("refused", "duplicate", "pending", "waiting", "done", "failed")
KINDS = ("birth", "death")
REPORT_SOURCES = ("hospital", "bank")
DEATH_SOURCES = ("civil", "bank")


class Subscription(Base):
    """A subscription the platform holds at another agency, with the keys its notices carry."""

    __tablename__ = "lifeevents_subscriptions"

    subscription_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    jwks: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InboxEntry(Base):
    """One notification as received, kept before acting; its handling state and outcome."""

    __tablename__ = "lifeevents_inbox"
    __table_args__ = (
        CheckConstraint(f"state IN {STATES!r}", name="state"),
        CheckConstraint(f"kind IS NULL OR kind IN {KINDS!r}", name="kind"),
        # One handled entry per event id; duplicates and refusals are kept beside it.
        Index(
            "uq_lifeevents_inbox_event",
            "event_id",
            unique=True,
            postgresql_where=text(HANDLED_ONCE),
        ),
        Index(
            "ix_lifeevents_inbox_open",
            "state",
            postgresql_where=text("state IN ('pending', 'waiting')"),
        ),
    )

    inbox_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    raw: Mapped[str] = mapped_column(Text)
    signature_ok: Mapped[bool] = mapped_column(Boolean)
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    kind: Mapped[str | None] = mapped_column(String(5))
    record_id: Mapped[str | None] = mapped_column(String(40))
    registered_on: Mapped[date | None] = mapped_column(Date)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    state: Mapped[str] = mapped_column(String(9))
    refusal: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    si_number: Mapped[str | None] = mapped_column(String(10))
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Birth(Base):
    """A registered birth: the child, the parents as family, the hospital's certificate."""

    __tablename__ = "lifeevents_births"
    __table_args__ = (Index("ix_lifeevents_births_mother", "mother_si_number", "date_of_birth"),)

    child_si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(40))
    date_of_birth: Mapped[date] = mapped_column(Date)
    mother_si_number: Mapped[str | None] = mapped_column(ForeignKey("persons.si_number"))
    father_si_number: Mapped[str | None] = mapped_column(ForeignKey("persons.si_number"))
    certificate_serial: Mapped[str | None] = mapped_column(String(40))


class DeathReport(Base):
    """A death reported by a hospital or a bank: held until the civil registry confirms it."""

    __tablename__ = "lifeevents_death_reports"
    __table_args__ = (
        CheckConstraint(f"source IN {REPORT_SOURCES!r}", name="source"),
        Index("ix_lifeevents_death_reports_si_number", "si_number"),
    )

    report_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    source: Mapped[str] = mapped_column(String(8))
    reference: Mapped[str] = mapped_column(String(60))
    si_number: Mapped[str | None] = mapped_column(String(10))
    personal_id: Mapped[str | None] = mapped_column(String(12))
    date_of_death: Mapped[date] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Death(Base):
    """A settled death, once per person: who confirmed it, the family's application, its claims."""

    __tablename__ = "lifeevents_deaths"
    __table_args__ = (CheckConstraint(f"source IN {DEATH_SOURCES!r}", name="source"),)

    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"), primary_key=True)
    date_of_death: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(5))
    record_id: Mapped[str | None] = mapped_column(String(40))
    application: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    funeral_claim: Mapped[str | None] = mapped_column(String(20))
    survivor_claim: Mapped[str | None] = mapped_column(String(20))
    claims_note: Mapped[str | None] = mapped_column(Text)
    settled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
