"""Employers' claim lists (01B-HSB) and their lines.

Revision ID: claimsbatch_0001
Revises: claims_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "claimsbatch_0001"
down_revision: str | Sequence[str] | None = "payments_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the claim batch tables."""
    op.create_table(
        "claim_batches",
        sa.Column("batch_id", sa.Uuid, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("unit_code", sa.String(12), nullable=False),
        sa.Column("unit_name", sa.String(300), nullable=False),
        sa.Column("unit_account", sa.String(19), nullable=False),
        sa.Column("unit_bank_bin", sa.String(6), nullable=False),
        sa.Column("period", sa.Date, nullable=False),
        sa.Column("batch_number", sa.Integer, nullable=False),
        sa.Column("source", sa.String(4), nullable=False),
        sa.Column("allow_partial", sa.Boolean, nullable=False),
        sa.Column("lines_total", sa.Integer, nullable=False),
        sa.Column("lines_accepted", sa.Integer, nullable=False),
        sa.Column("submitted_by", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("source IN ('json', 'csv', 'xlsx')", name="source"),
    )
    op.create_index("ix_claim_batches_unit_code", "claim_batches", ["unit_code"])
    op.create_table(
        "claim_batch_lines",
        sa.Column("batch_id", sa.Uuid, primary_key=True),
        sa.Column("line", sa.Integer, primary_key=True),
        sa.Column("part", sa.String(10)),
        sa.Column("branch", sa.String(13)),
        sa.Column("subtype", sa.String(16)),
        sa.Column("si_number", sa.String(10)),
        sa.Column("from_date", sa.Date),
        sa.Column("to_date", sa.Date),
        sa.Column("days", sa.Integer),
        sa.Column("claim_id", sa.Uuid),
        sa.Column("field", sa.String(32)),
        sa.Column("reason", sa.Text),
    )


def downgrade() -> None:
    """Drop the claim batch tables."""
    op.drop_table("claim_batch_lines")
    op.drop_table("claim_batches")
