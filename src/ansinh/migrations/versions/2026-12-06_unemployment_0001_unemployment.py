"""Unemployment: centres' keys, claims, the decisions' inbox, entitlements, notices, grounds.

Revision ID: unemployment_0001
Revises: claimsfix_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "unemployment_0001"
down_revision: str | Sequence[str] | None = "claimsfix_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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
NOW = sa.func.now()


def upgrade() -> None:
    """Create the six unemployment tables."""
    op.create_table(
        "ui_centres",
        sa.Column("centre_id", sa.String(40), primary_key=True),
        sa.Column("jwks", postgresql.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    )
    op.create_table(
        "ui_claims",
        sa.Column("claim_id", sa.Uuid, primary_key=True),
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("terminated_on", sa.Date, nullable=False),
        sa.Column("filed_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), server_default="filed", nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("forwarded_at", sa.DateTime(timezone=True)),
        sa.Column("applied_seq", sa.Integer, server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint(f"status IN {CLAIM_STATUSES!r}", name="status"),
    )
    op.create_index("ix_ui_claims_si_number", "ui_claims", ["si_number"])
    op.create_index(
        "ix_ui_claims_unsent",
        "ui_claims",
        ["filed_on"],
        postgresql_where=sa.text("forwarded_at IS NULL"),
    )
    op.create_table(
        "ui_entitlements",
        sa.Column("entitlement_id", sa.Uuid, primary_key=True),
        sa.Column("claim_id", sa.Uuid, sa.ForeignKey("ui_claims.claim_id"), nullable=False),
        sa.Column("decision_id", sa.Uuid, nullable=False),
        sa.Column("si_number", sa.String(10), nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("first_month", sa.Date, nullable=False),
        sa.Column("last_month", sa.Date, nullable=False),
        sa.Column("centre_amount", sa.BigInteger, nullable=False),
        sa.Column("our_amount", sa.BigInteger),
        sa.Column("amount", sa.BigInteger),
        sa.Column("months_used", sa.Integer, server_default="0", nullable=False),
        sa.Column("months_reserved", sa.Integer, server_default="0", nullable=False),
        sa.Column("status", sa.String(9), server_default="active", nullable=False),
        sa.Column("hold_reason", sa.String(18)),
        sa.Column("scheduled", sa.Boolean, server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint(f"status IN {ENTITLEMENT_STATUSES!r}", name="status"),
        sa.CheckConstraint(f"hold_reason IS NULL OR hold_reason IN {HOLD_REASONS!r}", name="hold"),
    )
    op.create_index("ix_ui_entitlements_claim", "ui_entitlements", ["claim_id"])
    op.create_index("ix_ui_entitlements_si_number", "ui_entitlements", ["si_number"])
    op.create_table(
        "ui_inbox",
        sa.Column("inbox_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("signature_ok", sa.Boolean, nullable=False),
        sa.Column("decision_id", sa.Uuid),
        sa.Column("claim_id", sa.Uuid),
        sa.Column("seq", sa.Integer),
        sa.Column("kind", sa.String(11)),
        sa.Column("payload", postgresql.JSONB),
        sa.Column("state", sa.String(9), nullable=False),
        sa.Column("refusal", sa.Text),
        sa.Column("handled_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(f"state IN {INBOX_STATES!r}", name="state"),
        sa.CheckConstraint(f"kind IS NULL OR kind IN {DECISION_KINDS!r}", name="kind"),
    )
    op.create_index(
        "uq_ui_inbox_decision",
        "ui_inbox",
        ["decision_id"],
        unique=True,
        postgresql_where=sa.text("state NOT IN ('refused', 'duplicate')"),
    )
    op.create_index(
        "ix_ui_inbox_claim_waiting",
        "ui_inbox",
        ["claim_id"],
        postgresql_where=sa.text("state = 'waiting'"),
    )
    op.create_table(
        "ui_notices",
        sa.Column("claim_id", sa.Uuid, sa.ForeignKey("ui_claims.claim_id"), primary_key=True),
        sa.Column("month", sa.Date, primary_key=True),
        sa.Column("filed_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("forwarded_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "ui_grounds",
        sa.Column("claim_id", sa.Uuid, sa.ForeignKey("ui_claims.claim_id"), primary_key=True),
        sa.Column("ground", sa.String(8), primary_key=True),
        sa.Column("si_number", sa.String(10), nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("noticed_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(f"ground IN {GROUNDS!r}", name="ground"),
    )
    op.create_index(
        "ix_ui_grounds_unsent",
        "ui_grounds",
        ["noticed_at"],
        postgresql_where=sa.text("sent_at IS NULL"),
    )


def downgrade() -> None:
    """Drop the unemployment tables."""
    for table in (
        "ui_grounds",
        "ui_notices",
        "ui_inbox",
        "ui_entitlements",
        "ui_claims",
        "ui_centres",
    ):
        op.drop_table(table)
