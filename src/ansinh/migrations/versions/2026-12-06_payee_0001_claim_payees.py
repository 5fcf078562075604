"""A claim's account holder, and the payee of a one-off payment when it is not the person's channel.

Revision ID: payee_0001
Revises: lifeevents2_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "payee_0001"
down_revision: str | Sequence[str] | None = "lifeevents2_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add `benefit_claims.account_holder` and create `payment_payees`."""
    op.add_column("benefit_claims", sa.Column("account_holder", sa.String(70)))
    op.create_table(
        "payment_payees",
        sa.Column("schedule_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("bank_bin", sa.String(6)),
        sa.Column("account_number", sa.String(19)),
        sa.Column("holder", sa.String(70)),
        sa.CheckConstraint("kind IN ('account', 'cash')", name=op.f("ck_payment_payees_kind")),
        sa.CheckConstraint(
            "(kind = 'account') = (bank_bin IS NOT NULL AND account_number IS NOT NULL)",
            name=op.f("ck_payment_payees_account"),
        ),
        sa.PrimaryKeyConstraint("schedule_id", name=op.f("pk_payment_payees")),
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_table("payment_payees")
    op.drop_column("benefit_claims", "account_holder")
