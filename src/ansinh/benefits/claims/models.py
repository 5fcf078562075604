"""Claims, their timeline, decisions (maker, checker, trace, law) and the entitlements owed."""

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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.benefits.claims.enums import (
    Branch,
    ClaimantKind,
    ClaimStatus,
    EntitlementStatus,
    Outcome,
)
from ansinh.core.db import Base, Timestamped

STATUSES = tuple(s.value for s in ClaimStatus)
CLAIMANTS = tuple(s.value for s in ClaimantKind)
BRANCHES = tuple(s.value for s in Branch)
OUTCOMES = tuple(s.value for s in Outcome)
ENTITLEMENT_STATUSES = tuple(s.value for s in EntitlementStatus)
CHANNELS = ("account", "cash", "employer")


class Claim(Base, Timestamped):
    """One claim for one benefit of one person, with its statutory clock and its facts."""

    __tablename__ = "benefit_claims"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        CheckConstraint(f"claimant_kind IN {CLAIMANTS!r}", name="claimant_kind"),
        CheckConstraint(f"branch IN {BRANCHES!r}", name="branch"),
        CheckConstraint(f"channel IN {CHANNELS!r}", name="channel"),
        CheckConstraint("period_to >= period_from", name="period"),
        CheckConstraint(
            "NOT late_filing OR status <> 'granted' OR late_explanation IS NOT NULL",
            name="late_explained",
        ),
        Index("ix_benefit_claims_si_number_overlap", "si_number", "overlap_key"),
        Index("ix_benefit_claims_province_status", "province_code", "status", "due_on"),
        Index("uq_benefit_claims_batch_line", "batch_id", "line_no", unique=True),
    )

    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    branch: Mapped[str] = mapped_column(String(32))
    procedure_code: Mapped[str] = mapped_column(String(16))
    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"))
    claimant_kind: Mapped[str] = mapped_column(String(10))
    unit_code: Mapped[str | None] = mapped_column(String(12))
    batch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    line_no: Mapped[int | None] = mapped_column(Integer)
    province_code: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(24))
    hold_reason: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    complete_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    late_filing: Mapped[bool] = mapped_column(Boolean, server_default="false")
    late_explanation: Mapped[str | None] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(JSONB)
    certificate_serials: Mapped[list[str]] = mapped_column(ARRAY(String(32)), server_default="{}")
    channel: Mapped[str] = mapped_column(String(10))
    account_bin: Mapped[str | None] = mapped_column(String(8))
    account_number: Mapped[str | None] = mapped_column(String(19))
    account_holder: Mapped[str | None] = mapped_column(String(70))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    overlap_key: Mapped[str] = mapped_column(String(40))


class ClaimEvent(Base):
    """One step of a claim's timeline: the status it reached, who moved it, and why."""

    __tablename__ = "benefit_claim_events"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        Index("ix_benefit_claim_events_claim_id", "claim_id"),
    )

    event_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    claim_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("benefit_claims.claim_id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    status: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)


class Decision(Base):
    """A decision on a claim: outcome, amount, the engine's trace and the law it applied.

    `decided_at` is null while the decision waits for its checker; a later decision on the same
    claim `supersedes` this one and states the `difference` in VND.
    """

    __tablename__ = "benefit_decisions"
    __table_args__ = (
        CheckConstraint(f"outcome IN {OUTCOMES!r}", name="outcome"),
        CheckConstraint("checker IS NULL OR checker <> maker", name="four_eyes"),
        Index("ix_benefit_decisions_claim_id", "claim_id"),
        # One decision in force and one waiting for its checker per claim, at most.
        Index(
            "uq_benefit_decisions_in_force",
            "claim_id",
            unique=True,
            postgresql_where=text("decided_at IS NOT NULL AND superseded_at IS NULL"),
        ),
        Index(
            "uq_benefit_decisions_pending",
            "claim_id",
            unique=True,
            postgresql_where=text("decided_at IS NULL"),
        ),
    )

    decision_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("benefit_claims.claim_id"))
    outcome: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    unit: Mapped[str | None] = mapped_column(String(40))
    reasons: Mapped[list[str]] = mapped_column(JSONB, server_default="[]")
    trace: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    law: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]")
    maker: Mapped[str] = mapped_column(String(80))
    checker: Mapped[str | None] = mapped_column(String(80))
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    supersedes: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("benefit_decisions.decision_id")
    )
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    difference: Mapped[int | None] = mapped_column(BigInteger)


class Entitlement(Base):
    """Money a decision made owed: a one-off payment or a monthly amount from `start`."""

    __tablename__ = "benefit_entitlements"
    __table_args__ = (
        CheckConstraint(f"status IN {ENTITLEMENT_STATUSES!r}", name="status"),
        CheckConstraint("kind IN ('one_off', 'monthly')", name="kind"),
        CheckConstraint(f"channel IN {CHANNELS!r}", name="channel"),
        Index("ix_benefit_entitlements_si_number", "si_number"),
        Index("ix_benefit_entitlements_decision_id", "decision_id"),
    )

    entitlement_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("benefit_decisions.decision_id"))
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("benefit_claims.claim_id"))
    si_number: Mapped[str] = mapped_column(String(10))
    branch: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(8))
    purpose: Mapped[str] = mapped_column(String(4))
    amount: Mapped[int] = mapped_column(BigInteger)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))
    unit_code: Mapped[str | None] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(8), server_default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
