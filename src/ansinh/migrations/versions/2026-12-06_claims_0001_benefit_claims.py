"""Benefit claims, their timeline, decisions and entitlements; medical certificates.

Revision ID: claims_0001
Revises: careers_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision: str = "claims_0001"
down_revision: str | Sequence[str] | None = "careers_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = (
    "awaiting_confirmation",
    "held",
    "received",
    "pending_approval",
    "granted",
    "refused",
    "revoked",
)
BRANCHES = (
    "sickness",
    "child_sickness",
    "sickness_convalescence",
    "prenatal_visit",
    "miscarriage",
    "childbirth",
    "adoption",
    "paternity",
    "contraception",
    "maternity_voluntary",
    "maternity_convalescence",
    "pension",
    "one_time_withdrawal",
    "survivor_monthly",
    "survivor_lump_sum",
    "funeral_grant",
    "work_injury",
)
CHANNELS = ("account", "cash", "employer")


def _now() -> sa.TextClause:
    return sa.text("now()")


def upgrade() -> None:
    """Create the claims tables and the certificates table."""
    op.create_table(
        "medical_certificates",
        sa.Column("serial", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("personal_id", sa.String(12)),
        sa.Column("si_number", sa.String(10)),
        sa.Column("from_date", sa.Date),
        sa.Column("to_date", sa.Date),
        sa.Column("event_date", sa.Date),
        sa.Column("facility_code", sa.String(5), nullable=False),
        sa.Column("caesarean", sa.Boolean),
        sa.Column("under_32_weeks", sa.Boolean),
        sa.Column("raw_xml", sa.LargeBinary),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('sick_leave', 'birth', 'death', 'discharge', 'pregnancy_rest')", name="kind"
        ),
    )
    op.create_table(
        "benefit_claims",
        sa.Column("claim_id", sa.Uuid, primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("procedure_code", sa.String(16), nullable=False),
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), nullable=False),
        sa.Column("claimant_kind", sa.String(10), nullable=False),
        sa.Column("unit_code", sa.String(12)),
        sa.Column("batch_id", sa.Uuid),
        sa.Column("line_no", sa.Integer),
        sa.Column("province_code", sa.String(2)),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("hold_reason", sa.Text),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("complete_on", sa.Date),
        sa.Column("due_on", sa.Date),
        sa.Column("late_filing", sa.Boolean, server_default="false", nullable=False),
        sa.Column("late_explanation", sa.Text),
        sa.Column("facts", pg.JSONB, nullable=False),
        sa.Column(
            "certificate_serials", pg.ARRAY(sa.String(32)), server_default="{}", nullable=False
        ),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("account_bin", sa.String(8)),
        sa.Column("account_number", sa.String(19)),
        sa.Column("period_from", sa.Date, nullable=False),
        sa.Column("period_to", sa.Date, nullable=False),
        sa.Column("overlap_key", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        sa.CheckConstraint(
            "claimant_kind IN ('employer', 'citizen', 'officer', 'proactive')",
            name="claimant_kind",
        ),
        sa.CheckConstraint(f"branch IN {BRANCHES!r}", name="branch"),
        sa.CheckConstraint(f"channel IN {CHANNELS!r}", name="channel"),
        sa.CheckConstraint("period_to >= period_from", name="period"),
        sa.CheckConstraint(
            "NOT late_filing OR status <> 'granted' OR late_explanation IS NOT NULL",
            name="late_explained",
        ),
    )
    op.create_index(
        "ix_benefit_claims_si_number_overlap", "benefit_claims", ["si_number", "overlap_key"]
    )
    op.create_index(
        "ix_benefit_claims_province_status",
        "benefit_claims",
        ["province_code", "status", "due_on"],
    )
    op.create_index(
        "uq_benefit_claims_batch_line", "benefit_claims", ["batch_id", "line_no"], unique=True
    )
    op.create_table(
        "benefit_claim_events",
        sa.Column("event_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column(
            "claim_id",
            sa.Uuid,
            sa.ForeignKey("benefit_claims.claim_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("note", sa.Text),
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),
    )
    op.create_index("ix_benefit_claim_events_claim_id", "benefit_claim_events", ["claim_id"])
    op.create_table(
        "benefit_decisions",
        sa.Column("decision_id", sa.Uuid, primary_key=True),
        sa.Column("claim_id", sa.Uuid, sa.ForeignKey("benefit_claims.claim_id"), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("amount", sa.BigInteger),
        sa.Column("unit", sa.String(40)),
        sa.Column("reasons", pg.JSONB, server_default="[]", nullable=False),
        sa.Column("trace", pg.JSONB),
        sa.Column("law", pg.JSONB, server_default="[]", nullable=False),
        sa.Column("maker", sa.String(80), nullable=False),
        sa.Column("checker", sa.String(80)),
        sa.Column("made_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("supersedes", sa.Uuid, sa.ForeignKey("benefit_decisions.decision_id")),
        sa.Column("superseded_at", sa.DateTime(timezone=True)),
        sa.Column("difference", sa.BigInteger),
        sa.CheckConstraint("outcome IN ('granted', 'refused', 'revoked')", name="outcome"),
        sa.CheckConstraint("checker IS NULL OR checker <> maker", name="four_eyes"),
    )
    op.create_index("ix_benefit_decisions_claim_id", "benefit_decisions", ["claim_id"])
    op.create_index(
        "uq_benefit_decisions_in_force",
        "benefit_decisions",
        ["claim_id"],
        unique=True,
        postgresql_where=sa.text("decided_at IS NOT NULL AND superseded_at IS NULL"),
    )
    op.create_index(
        "uq_benefit_decisions_pending",
        "benefit_decisions",
        ["claim_id"],
        unique=True,
        postgresql_where=sa.text("decided_at IS NULL"),
    )
    op.create_table(
        "benefit_entitlements",
        sa.Column("entitlement_id", sa.Uuid, primary_key=True),
        sa.Column(
            "decision_id",
            sa.Uuid,
            sa.ForeignKey("benefit_decisions.decision_id"),
            nullable=False,
        ),
        sa.Column("claim_id", sa.Uuid, sa.ForeignKey("benefit_claims.claim_id"), nullable=False),
        sa.Column("si_number", sa.String(10), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("purpose", sa.String(4), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("end", sa.Date),
        sa.Column("review_on", sa.Date),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("unit_code", sa.String(12)),
        sa.Column("status", sa.String(8), server_default="active", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.CheckConstraint("status IN ('active', 'ended')", name="status"),
        sa.CheckConstraint("kind IN ('one_off', 'monthly')", name="kind"),
        sa.CheckConstraint(f"channel IN {CHANNELS!r}", name="channel"),
    )
    op.create_index("ix_benefit_entitlements_si_number", "benefit_entitlements", ["si_number"])
    op.create_index("ix_benefit_entitlements_decision_id", "benefit_entitlements", ["decision_id"])


def downgrade() -> None:
    """Drop them."""
    for table in (
        "benefit_entitlements",
        "benefit_decisions",
        "benefit_claim_events",
        "benefit_claims",
        "medical_certificates",
    ):
        op.drop_table(table)
