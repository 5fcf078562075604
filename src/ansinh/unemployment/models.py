"""Unemployment tables: centres' keys, claims, the decisions' inbox, entitlements, notices."""

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

CLAIM_STATUSES = (
    "filed",
    "forwarded",
    "granted",
    "incomplete",
    "refused",
    "suspended",
    "ended",
    "reserved",
)
ENTITLEMENT_STATUSES = ("active", "held", "suspended", "ended", "reserved", "moved")
HOLD_REASONS = ("amount_mismatch", "termination_ground")
INBOX_STATES = ("refused", "duplicate", "pending", "waiting", "done", "failed")
DECISION_KINDS = (
    "grant",
    "incomplete",
    "refusal",
    "suspension",
    "resumption",
    "termination",
    "transfer",
    "reservation",
)
GROUNDS = ("new_job", "pension", "death")
OVERPAID_BY = (*GROUNDS, "termination")
HANDLED_ONCE = "state NOT IN ('refused', 'duplicate')"


class Centre(Base):
    """An employment service centre the platform takes signed decisions from, with its keys."""

    __tablename__ = "ui_centres"

    centre_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    jwks: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Claim(Base):
    """A claim filed on the portal, forwarded to the centre of the chosen province."""

    __tablename__ = "ui_claims"
    __table_args__ = (
        CheckConstraint(f"status IN {CLAIM_STATUSES!r}", name="status"),
        Index("ix_ui_claims_si_number", "si_number"),
        Index("ix_ui_claims_unsent", "filed_on", postgresql_where=text("forwarded_at IS NULL")),
    )

    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"))
    province_code: Mapped[str] = mapped_column(String(2))
    terminated_on: Mapped[date] = mapped_column(Date)
    filed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), server_default="filed")
    reason: Mapped[str | None] = mapped_column(Text)
    forwarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    applied_seq: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Entitlement(Base):
    """Monthly benefit of a grant in one province; its id is the payment schedule's."""

    __tablename__ = "ui_entitlements"
    __table_args__ = (
        CheckConstraint(f"status IN {ENTITLEMENT_STATUSES!r}", name="status"),
        CheckConstraint(f"hold_reason IS NULL OR hold_reason IN {HOLD_REASONS!r}", name="hold"),
        Index("ix_ui_entitlements_claim", "claim_id"),
        Index("ix_ui_entitlements_si_number", "si_number"),
    )

    entitlement_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ui_claims.claim_id"))
    decision_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    si_number: Mapped[str] = mapped_column(String(10))
    province_code: Mapped[str] = mapped_column(String(2))
    first_month: Mapped[date] = mapped_column(Date)
    last_month: Mapped[date] = mapped_column(Date)
    centre_amount: Mapped[int] = mapped_column(BigInteger)
    our_amount: Mapped[int | None] = mapped_column(BigInteger)
    amount: Mapped[int | None] = mapped_column(BigInteger)
    months_used: Mapped[int] = mapped_column(Integer, server_default="0")
    months_reserved: Mapped[int] = mapped_column(Integer, server_default="0")
    status: Mapped[str] = mapped_column(String(9), server_default="active")
    hold_reason: Mapped[str | None] = mapped_column(String(18))
    scheduled: Mapped[bool] = mapped_column(Boolean, server_default="false")
    decided_on: Mapped[date | None] = mapped_column(Date)  # the grant's day: month 1's anchor
    payable_since: Mapped[date | None] = mapped_column(Date)  # last made payable (grant, resume)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InboxEntry(Base):
    """One decision notification as received, kept before acting; its handling state."""

    __tablename__ = "ui_inbox"
    __table_args__ = (
        CheckConstraint(f"state IN {INBOX_STATES!r}", name="state"),
        CheckConstraint(f"kind IS NULL OR kind IN {DECISION_KINDS!r}", name="kind"),
        # One handled entry per decision; duplicates and refusals are kept beside it.
        Index(
            "uq_ui_inbox_decision", "decision_id", unique=True, postgresql_where=text(HANDLED_ONCE)
        ),
        Index("ix_ui_inbox_claim_waiting", "claim_id", postgresql_where=text("state = 'waiting'")),
    )

    inbox_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    raw: Mapped[str] = mapped_column(Text)
    signature_ok: Mapped[bool] = mapped_column(Boolean)
    decision_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    claim_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    seq: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(11))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    state: Mapped[str] = mapped_column(String(9))
    refusal: Mapped[str | None] = mapped_column(Text)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Notice(Base):
    """A monthly job-search notice made online, forwarded to the centre."""

    __tablename__ = "ui_notices"

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ui_claims.claim_id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    forwarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Ground(Base):
    """A termination ground the platform noticed (new job, pension, death), sent to the centre."""

    __tablename__ = "ui_grounds"
    __table_args__ = (
        CheckConstraint(f"ground IN {GROUNDS!r}", name="ground"),
        Index("ix_ui_grounds_unsent", "noticed_at", postgresql_where=text("sent_at IS NULL")),
    )

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ui_claims.claim_id"), primary_key=True)
    ground: Mapped[str] = mapped_column(String(8), primary_key=True)
    si_number: Mapped[str] = mapped_column(String(10))
    occurred_on: Mapped[date] = mapped_column(Date)
    noticed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BenefitMonth(Base):
    """One benefit month of an entitlement: when its payment is due, when it was paid, whether
    late, and whether a termination ground later made it an overpayment."""

    __tablename__ = "ui_months"
    __table_args__ = (
        CheckConstraint(
            f"overpaid_by IS NULL OR overpaid_by IN {OVERPAID_BY!r}", name="overpaid_by"
        ),
        Index("ix_ui_months_si_number", "si_number"),
        Index("ix_ui_months_unpaid", "due_on", postgresql_where=text("paid_on IS NULL")),
    )

    entitlement_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ui_entitlements.entitlement_id"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    si_number: Mapped[str] = mapped_column(String(10))
    province_code: Mapped[str] = mapped_column(String(2))
    trigger_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    instructed_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    payment_id: Mapped[int | None] = mapped_column(BigInteger)
    late: Mapped[bool] = mapped_column(Boolean, server_default="false")
    overpaid_by: Mapped[str | None] = mapped_column(String(11))
    overpaid: Mapped[int | None] = mapped_column(BigInteger)
