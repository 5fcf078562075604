"""The national portal: applications' channel and dossier number, dossiers, status reports.

Revision ID: coverage_0002
Revises: coverage_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "coverage_0002"
down_revision: str | Sequence[str] | None = "coverage_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the channel to applications; create the dossiers and the reports owed to the portal."""
    op.add_column(
        "service_applications",
        sa.Column("channel", sa.String(16), server_default="portal", nullable=False),
    )
    op.add_column("service_applications", sa.Column("external_reference", sa.String(40)))
    op.create_table(
        "nationalportal_dossiers",
        sa.Column("dossier_no", sa.String(40), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column(
            "received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_table(
        "nationalportal_reports",
        sa.Column("report_id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("dossier_no", sa.String(40), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(10)),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note_vi", sa.String(500)),
        sa.Column("state", sa.String(7), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("state IN ('pending', 'sent', 'failed')", name="state"),
    )
    op.create_index(
        "uq_nationalportal_reports_status",
        "nationalportal_reports",
        ["reference", "status"],
        unique=True,
    )


def downgrade() -> None:
    """Drop the portal's tables and the applications' channel."""
    op.drop_table("nationalportal_reports")
    op.drop_table("nationalportal_dossiers")
    op.drop_column("service_applications", "external_reference")
    op.drop_column("service_applications", "channel")
