"""Payroll indexes: two b-trees per payment, runs read schedules and channels from indexes alone.

A national run wrote every line into four b-trees; it now writes two (the primary key and
`uq_payments_once`), both in the order the run inserts. `uq_payments_once` leads with the SI
number, so it also finds a person's payments (`ix_payments_person` goes), and its last key is
an expression that is NULL for a failed payment instead of a partial predicate on `status` (an
expression, not a stored column: on plain columns the index would make each change of status a
key update, which blocks foreign-key checks).
The EndToEndId becomes a stored column made from `payment_id`, unique by construction, so its
own unique index goes and the bank's reports are matched through the primary key. Existing
EndToEndIds are rewritten in the new form (no file has been sent to a real bank yet).

A run's lines are found by a block-range index holding several values per range (runs computed
side by side interleave their pages), and a run reads its province's schedules and each one's
channel in force from indexes that carry the columns it needs (index-only scans).

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
LIVE = f"(CASE WHEN status NOT IN {FAILED} THEN true END)"
SCHEDULE_COLUMNS = [
    "schedule_id",
    "si_number",
    "purpose",
    "amount",
    "start",
    "end",
    "arrears_from",
    "granted_on",
    "proof_of_life_on",
]
CHANNEL_COLUMNS = [
    "kind",
    "bank_bin",
    "account_number",
    "holder",
    "place",
    "unit_code",
    "authorised_on",
]
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
    op.create_index(
        "uq_payments_once",
        "payments",
        ["si_number", "month", "schedule_id", sa.text(LIVE)],
        unique=True,
    )
    _run_indexes(multi=True, schedules=SCHEDULE_COLUMNS, channels=CHANNEL_COLUMNS)


def _run_indexes(*, multi: bool, schedules: list[str], channels: list[str]) -> None:
    op.drop_index("ix_payments_run", table_name="payments")
    op.create_index(
        "ix_payments_run",
        "payments",
        ["run_id"],
        postgresql_using="brin",
        postgresql_ops={"run_id": "int8_minmax_multi_ops"} if multi else {},
    )
    op.drop_index("ix_payment_schedules_run", table_name="payment_schedules")
    op.create_index(
        "ix_payment_schedules_run",
        "payment_schedules",
        ["province_code", "kind", "status"],
        postgresql_include=schedules,
    )
    op.drop_index("ix_payment_channels_person", table_name="payment_channels")
    op.create_index(
        "ix_payment_channels_person",
        "payment_channels",
        ["si_number", "effective_from", "channel_id"],
        postgresql_include=channels,
    )


def downgrade() -> None:
    """Back to four b-trees and a stored EndToEndId."""
    _run_indexes(multi=False, schedules=[], channels=[])
    op.drop_index("uq_payments_once", table_name="payments")
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
