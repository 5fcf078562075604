"""Unemployment: benefit months with their payment deadline, payment day, lateness, overpayment.

Revision ID: ui_0001
Revises: payee_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ui_0001"
down_revision: str | Sequence[str] | None = "payee_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OVERPAID_BY = ("new_job", "pension", "death", "termination")


def upgrade() -> None:
    """Add `ui_entitlements.decided_on` and `payable_since`; create `ui_months`."""
    op.add_column("ui_entitlements", sa.Column("decided_on", sa.Date))
    op.add_column("ui_entitlements", sa.Column("payable_since", sa.Date))
    op.create_table(
        "ui_months",
        sa.Column(
            "entitlement_id",
            sa.Uuid,
            sa.ForeignKey("ui_entitlements.entitlement_id"),
            primary_key=True,
        ),
        sa.Column("month", sa.Date, primary_key=True),
        sa.Column("si_number", sa.String(10), nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("trigger_on", sa.Date, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("instructed_on", sa.Date),
        sa.Column("paid_on", sa.Date),
        sa.Column("payment_id", sa.BigInteger),
        sa.Column("late", sa.Boolean, server_default="false", nullable=False),
        sa.Column("overpaid_by", sa.String(11)),
        sa.Column("overpaid", sa.BigInteger),
        sa.CheckConstraint(
            f"overpaid_by IS NULL OR overpaid_by IN {OVERPAID_BY!r}", name="overpaid_by"
        ),
    )
    op.create_index("ix_ui_months_si_number", "ui_months", ["si_number"])
    op.create_index(
        "ix_ui_months_unpaid",
        "ui_months",
        ["due_on"],
        postgresql_where=sa.text("paid_on IS NULL"),
    )


def downgrade() -> None:
    """Drop `ui_months` and the two entitlement columns."""
    op.drop_table("ui_months")
    op.drop_column("ui_entitlements", "payable_since")
    op.drop_column("ui_entitlements", "decided_on")
