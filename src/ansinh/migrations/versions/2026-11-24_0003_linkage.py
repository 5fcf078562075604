"""Linkage: reconciliation runs and the review queue.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "linkage_runs",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("settings_version", sa.String(20), nullable=False),
        sa.Column("backend", sa.String(20), nullable=False),
        sa.Column("summary", JSONB, nullable=False),
    )
    op.create_table(
        "linkage_reviews",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), nullable=False),
        sa.Column("run_id", sa.BigInteger, sa.ForeignKey("linkage_runs.id")),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("register_record", JSONB, nullable=False),
        sa.Column("match_probability", sa.Float),
        sa.Column("state", sa.String(10), server_default="open", nullable=False),
        sa.Column("decided_by", sa.String(64)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("state IN ('open', 'accepted', 'rejected', 'superseded')", name="state"),
        sa.CheckConstraint("source IN ('batch', 'realtime')", name="source"),
    )
    op.create_index("ix_linkage_reviews_state", "linkage_reviews", ["state"])
    op.create_index(
        "uq_linkage_reviews_open_si_number",
        "linkage_reviews",
        ["si_number"],
        unique=True,
        postgresql_where=sa.text("state = 'open'"),
    )


def downgrade() -> None:
    op.drop_table("linkage_reviews")
    op.drop_table("linkage_runs")
