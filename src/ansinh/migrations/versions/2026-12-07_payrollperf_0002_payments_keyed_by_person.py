"""Payments: one unique index by person (live lines only), EndToEndId made from the payment id.

A national run wrote every line into four b-trees; it now writes two (the primary key and
`uq_payments_once`), both in the order the run inserts. `uq_payments_once` leads with the SI
number, so it also finds a person's payments (`ix_payments_person` goes), and it checks a
stored `live` column (NULL for a failed payment) instead of a partial predicate on `status`.
The EndToEndId becomes a stored column made from `payment_id`, unique by construction, so its
own unique index goes and the bank's reports are matched through the primary key. Existing
EndToEndIds are rewritten in the new form (no file has been sent to a real bank yet).

Revision ID: payrollperf_0002
Revises: catalogue_0001
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "payrollperf_0002"
down_revision: str | Sequence[str] | None = "catalogue_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FAILED = "('rejected', 'returned', 'unpaid_cash')"
END_TO_END = "'ANSINH-P' || lpad(payment_id::text, 16, '0')"


def upgrade() -> None:
    """Two b-trees per payment instead of four."""
    op.drop_index("ix_payments_person", table_name="payments")
    op.drop_index("uq_payments_once", table_name="payments")
    op.drop_constraint("uq_payments_end_to_end_id", "payments", type_="unique")
    op.drop_column("payments", "end_to_end_id")
    op.add_column(
        "payments",
        sa.Column(
            "end_to_end_id",
            sa.String(35, collation="C"),
            sa.Computed(END_TO_END, persisted=True),
            nullable=False,
        ),
    )
    op.add_column(
        "payments",
        sa.Column(
            "live",
            sa.Boolean,
            sa.Computed(f"CASE WHEN status NOT IN {FAILED} THEN true END", persisted=True),
        ),
    )
    op.create_index(
        "uq_payments_once",
        "payments",
        ["si_number", "month", "schedule_id", "live"],
        unique=True,
    )


def downgrade() -> None:
    """Back to four b-trees and a stored EndToEndId."""
    op.drop_index("uq_payments_once", table_name="payments")
    op.drop_column("payments", "live")
    op.drop_column("payments", "end_to_end_id")
    op.add_column("payments", sa.Column("end_to_end_id", sa.String(35, collation="C")))
    op.execute(f"UPDATE payments SET end_to_end_id = {END_TO_END}")
    op.alter_column("payments", "end_to_end_id", nullable=False)
    op.create_unique_constraint("uq_payments_end_to_end_id", "payments", ["end_to_end_id"])
    op.create_index(
        "uq_payments_once",
        "payments",
        ["schedule_id", "month"],
        unique=True,
        postgresql_where=sa.text(f"status NOT IN {FAILED}"),
    )
    op.create_index("ix_payments_person", "payments", ["si_number", "month"])
