"""Usage counts become append-only events, so concurrent logins and queries never queue.

Revision ID: hard2_0001
Revises: 0006
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "hard2_0001"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the append-only usage events (usage_counts keeps the compacted days)."""
    op.create_table(
        "usage_events",
        sa.Column("event_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("metric", sa.String(32), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
    )
    op.create_index("ix_usage_events_metric_day", "usage_events", ["metric", "day"])


def downgrade() -> None:
    """Drop the usage events (uncompacted events are lost)."""
    op.drop_table("usage_events")
