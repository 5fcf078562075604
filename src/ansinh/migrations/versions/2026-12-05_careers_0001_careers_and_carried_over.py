"""Careers before the platform (registry) and book months carried over from them.

Revision ID: careers_0001
Revises: loop_0001
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "careers_0001"
down_revision: str | Sequence[str] | None = "loop_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the careers table and the book's carried_over flag."""
    op.create_table(
        "careers",
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), primary_key=True),
        sa.Column("first_month", sa.Date, primary_key=True),
        sa.Column("last_month", sa.Date, nullable=False),
        sa.Column("scheme", sa.String(10), nullable=False),
        sa.Column("unit_code", sa.String(12), sa.ForeignKey("employers.unit_code")),
        sa.Column("salary", sa.BigInteger, nullable=False),
        sa.CheckConstraint("scheme IN ('compulsory', 'voluntary')", name="scheme"),
        sa.CheckConstraint("(scheme = 'compulsory') = (unit_code IS NOT NULL)", name="unit"),
        sa.CheckConstraint("first_month <= last_month", name="months"),
        sa.CheckConstraint("salary > 0", name="salary"),
    )
    op.add_column(
        "contribution_book",
        sa.Column("carried_over", sa.Boolean, server_default=sa.text("false"), nullable=False),
    )
    op.create_index(
        "ix_contribution_book_unit_billed",
        "contribution_book",
        ["unit_code", "month"],
        postgresql_where=sa.text("NOT carried_over"),
    )


def downgrade() -> None:
    """Drop the flag and the careers."""
    op.drop_index("ix_contribution_book_unit_billed", "contribution_book")
    op.drop_column("contribution_book", "carried_over")
    op.drop_table("careers")
