"""The application engine: deadlines, paused clocks, queues, maker-checker, attachments.

Revision ID: catalogue_0001
Revises: ui_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "catalogue_0001"
down_revision: str | Sequence[str] | None = "ui_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "service_applications"
OLD_STATUSES = "('submitted', 'in_review', 'decided')"
STATUSES = "('submitted', 'in_review', 'incomplete', 'proposed', 'decided', 'withdrawn')"
OPEN = "('submitted', 'in_review', 'incomplete', 'proposed')"
OLD_KINDS = (
    "'si-confirmation', 'hi-card', 'claim-decision', 'coverage-certificate', 'claim-batch-result'"
)


def upgrade() -> None:
    """Add the engine's columns, widen the statuses, add attachments and the result kind."""
    columns: list[sa.Column[Any]] = [
        sa.Column("applicant_kind", sa.String(8), server_default="citizen", nullable=False),
        sa.Column("applicant_id", sa.String(64)),
        sa.Column("province_code", sa.String(2)),
        sa.Column("received_on", sa.Date()),
        sa.Column("due_on", sa.Date()),
        sa.Column("paused_on", sa.Date()),
        sa.Column("paused_days", sa.Integer(), server_default="0", nullable=False),
        sa.Column("assignee", sa.String(64)),
        sa.Column("maker", sa.String(64)),
        sa.Column("checker", sa.String(64)),
        sa.Column("proposed_outcome", sa.String(10)),
        sa.Column("reason", sa.String(500)),
        sa.Column("document_id", sa.String(16)),
        sa.Column("seen_event_id", sa.BigInteger()),
    ]
    for column in columns:
        op.add_column(TABLE, column)
    op.execute(
        "UPDATE service_applications SET received_on = created_at::date WHERE received_on IS NULL"
    )
    for table in (TABLE, "service_application_events"):
        op.drop_constraint("status", table, type_="check")
        op.create_check_constraint("status", table, f"status IN {STATUSES}")
    op.create_check_constraint(
        "applicant_kind", TABLE, "applicant_kind IN ('citizen', 'employer', 'officer')"
    )
    op.create_check_constraint("four_eyes", TABLE, "checker IS NULL OR checker <> maker")
    op.create_check_constraint("paused", TABLE, "(status = 'incomplete') = (paused_on IS NOT NULL)")
    op.drop_index("uq_service_applications_open", TABLE)
    op.create_index(
        "uq_service_applications_open",
        TABLE,
        ["si_number", "service_code"],
        unique=True,
        postgresql_where=sa.text(f"status IN {OPEN}"),
    )
    op.create_index(
        "ix_service_applications_queue", TABLE, ["province_code", "service_code", "due_on"]
    )
    op.create_table(
        "service_application_attachments",
        sa.Column("attachment_id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column(
            "application_id",
            sa.BigInteger(),
            sa.ForeignKey("service_applications.application_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(80), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column(
            "uploaded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index(
        "ix_service_application_attachments_application_id",
        "service_application_attachments",
        ["application_id"],
    )
    op.drop_constraint("kind", "documents", type_="check")
    op.create_check_constraint("kind", "documents", f"kind IN ({OLD_KINDS}, 'service-result')")


def downgrade() -> None:
    """Back to three statuses (open applications count as submitted), no attachments."""
    op.execute("DELETE FROM documents WHERE kind = 'service-result'")
    op.drop_constraint("kind", "documents", type_="check")
    op.create_check_constraint("kind", "documents", f"kind IN ({OLD_KINDS})")
    op.drop_table("service_application_attachments")
    op.drop_index("ix_service_applications_queue", TABLE)
    op.drop_index("uq_service_applications_open", TABLE)
    op.execute(
        "UPDATE service_applications SET status = 'submitted', paused_on = NULL "
        "WHERE status IN ('incomplete', 'proposed')"
    )
    op.execute(
        "UPDATE service_applications SET status = 'decided', outcome = 'rejected' "
        "WHERE status = 'withdrawn'"
    )
    op.execute(
        "UPDATE service_application_events SET status = 'submitted' "
        "WHERE status NOT IN ('submitted', 'in_review', 'decided')"
    )
    for table in (TABLE, "service_application_events"):
        op.drop_constraint("status", table, type_="check")
        op.create_check_constraint("status", table, f"status IN {OLD_STATUSES}")
    op.create_index(
        "uq_service_applications_open",
        TABLE,
        ["si_number", "service_code"],
        unique=True,
        postgresql_where=sa.text("status IN ('submitted', 'in_review')"),
    )
    for name in ("four_eyes", "paused", "applicant_kind"):
        op.drop_constraint(name, TABLE, type_="check")
    for name in (
        "seen_event_id", "document_id", "reason", "proposed_outcome", "checker", "maker",
        "assignee", "paused_days", "paused_on", "due_on", "received_on", "province_code",
        "applicant_id", "applicant_kind",
    ):  # fmt: skip
        op.drop_column(TABLE, name)
