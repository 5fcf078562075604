"""Payments: the end-to-end id and SI number compared in byte order ("C"), for cheaper indexes.

Revision ID: payrollperf_0001
Revises: lifeevents_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "payrollperf_0001"
down_revision: str | Sequence[str] | None = "claimsui_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("end_to_end_id", 35), ("si_number", 10))


def upgrade() -> None:
    """Compare the payments' keys byte by byte (the indexes are rebuilt)."""
    for column, length in COLUMNS:
        op.alter_column(
            "payments", column, type_=sa.String(length, collation="C"), existing_nullable=False
        )


def downgrade() -> None:
    """Back to the database's collation."""
    for column, length in COLUMNS:
        op.alter_column("payments", column, type_=sa.String(length), existing_nullable=False)
