"""Payments: channels, schedules, payroll runs, payments, overpayments, the bank's reports.

Revision ID: payments_0001
Revises: careers_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "payments_0001"
down_revision: str | Sequence[str] | None = "claims_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the payments tables."""
    op.create_table(
        "payment_bank_messages",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("msg_id", sa.String(length=35), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("xml", sa.Text(), nullable=False),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('pain.002', 'camt.054', 'camt.053')",
            name=op.f("ck_payment_bank_messages_kind"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_payment_bank_messages")),
        sa.UniqueConstraint("msg_id", name=op.f("uq_payment_bank_messages_msg_id")),
    )
    op.create_table(
        "payment_channels",
        sa.Column("channel_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("si_number", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("bank_bin", sa.String(length=6), nullable=True),
        sa.Column("account_number", sa.String(length=19), nullable=True),
        sa.Column("holder", sa.String(length=70), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("unit_code", sa.String(length=12), nullable=True),
        sa.Column("authorised_on", sa.Date(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(kind = 'account') = (bank_bin IS NOT NULL AND account_number IS NOT NULL)",
            name=op.f("ck_payment_channels_account"),
        ),
        sa.CheckConstraint(
            "kind IN ('account', 'cash', 'employer')", name=op.f("ck_payment_channels_kind")
        ),
        sa.CheckConstraint(
            "extract(day from effective_from) = 1", name=op.f("ck_payment_channels_month")
        ),
        sa.PrimaryKeyConstraint("channel_id", name=op.f("pk_payment_channels")),
    )
    op.create_index(
        "ix_payment_channels_person",
        "payment_channels",
        ["si_number", "effective_from", "channel_id"],
        unique=False,
    )
    op.create_table(
        "payment_estates",
        sa.Column("si_number", sa.String(length=10), nullable=False),
        sa.Column("date_of_death", sa.Date(), nullable=False),
        sa.Column("owed", sa.BigInteger(), nullable=False),
        sa.Column("set_off", sa.BigInteger(), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("si_number", name=op.f("pk_payment_estates")),
    )
    op.create_table(
        "payment_schedules",
        sa.Column("schedule_id", sa.UUID(), nullable=False),
        sa.Column("si_number", sa.String(length=10), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("area", sa.String(length=5), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("purpose", sa.String(length=4), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=9), server_default="active", nullable=False),
        sa.Column("status_reason", sa.String(length=32), nullable=True),
        sa.Column("status_since", sa.Date(), nullable=True),
        sa.Column("arrears_from", sa.Date(), nullable=True),
        sa.Column("proof_of_life_on", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("area IN ('urban', 'rural')", name=op.f("ck_payment_schedules_area")),
        sa.CheckConstraint(
            "extract(day from start) = 1 OR kind = 'one_off'",
            name=op.f("ck_payment_schedules_start"),
        ),
        sa.CheckConstraint(
            "kind IN ('monthly', 'one_off')", name=op.f("ck_payment_schedules_kind")
        ),
        sa.CheckConstraint(
            "purpose IN ('PENS', 'SSBE', 'BENE')", name=op.f("ck_payment_schedules_purpose")
        ),
        sa.CheckConstraint(
            "status IN ('active', 'held', 'suspended', 'ended')",
            name=op.f("ck_payment_schedules_status"),
        ),
        sa.PrimaryKeyConstraint("schedule_id", name=op.f("pk_payment_schedules")),
    )
    op.create_index("ix_payment_schedules_person", "payment_schedules", ["si_number"], unique=False)
    op.create_index(
        "ix_payment_schedules_run",
        "payment_schedules",
        ["province_code", "kind", "status"],
        unique=False,
    )
    op.create_table(
        "payroll_runs",
        sa.Column("run_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.String(length=7), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("pay_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), server_default="draft", nullable=False),
        sa.Column("lines", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("total", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("computed_by", sa.String(length=64), nullable=False),
        sa.Column(
            "computed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("msg_id", sa.String(length=35), nullable=True),
        sa.Column("file_id", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('monthly', 'daily')", name=op.f("ck_payroll_runs_kind")),
        sa.CheckConstraint(
            "status IN ('draft', 'approved', 'sent')", name=op.f("ck_payroll_runs_status")
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_payroll_runs")),
        sa.UniqueConstraint("kind", "period", "province_code", name="uq_payroll_runs_period"),
        sa.UniqueConstraint("msg_id", name=op.f("uq_payroll_runs_msg_id")),
    )
    op.create_table(
        "payments",
        sa.Column("payment_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("end_to_end_id", sa.String(length=35), nullable=False),
        sa.Column("run_id", sa.BigInteger(), nullable=False),
        sa.Column("schedule_id", sa.UUID(), nullable=False),
        sa.Column("si_number", sa.String(length=10), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.String(length=4), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("bank_bin", sa.String(length=6), nullable=True),
        sa.Column("account_number", sa.String(length=19), nullable=True),
        sa.Column("holder", sa.String(length=70), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=11), server_default="computed", nullable=False),
        sa.Column("reason", sa.String(length=4), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "channel IN ('account', 'cash', 'employer')", name=op.f("ck_payments_channel")
        ),
        sa.CheckConstraint(
            "status IN ('computed', 'instructed', 'accepted', 'booked', 'rejected', 'returned', "
            "'paid_cash', 'unpaid_cash')",
            name=op.f("ck_payments_status"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_amount")),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_payments")),
        sa.UniqueConstraint("end_to_end_id", name=op.f("uq_payments_end_to_end_id")),
    )
    op.create_index("ix_payments_person", "payments", ["si_number", "month"], unique=False)
    op.create_index(
        "ix_payments_run", "payments", ["run_id"], unique=False, postgresql_using="brin"
    )
    op.create_index(
        "uq_payments_once",
        "payments",
        ["schedule_id", "month"],
        unique=True,
        postgresql_where=sa.text("status NOT IN ('rejected', 'returned', 'unpaid_cash')"),
    )
    op.create_table(
        "payment_exceptions",
        sa.Column("exception_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("payment_id", sa.BigInteger(), nullable=True),
        sa.Column("si_number", sa.String(length=10), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=4), nullable=False),
        sa.Column("status", sa.String(length=8), server_default="open", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'resolved')", name=op.f("ck_payment_exceptions_status")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.payment_id"],
            name=op.f("fk_payment_exceptions_payment_id_payments"),
        ),
        sa.PrimaryKeyConstraint("exception_id", name=op.f("pk_payment_exceptions")),
        sa.UniqueConstraint("payment_id", name="uq_payment_exceptions_payment_id"),
    )
    op.create_index(
        op.f("ix_payment_exceptions_si_number"), "payment_exceptions", ["si_number"], unique=False
    )
    op.create_table(
        "payment_overpayments",
        sa.Column("overpayment_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("payment_id", sa.BigInteger(), nullable=True),
        sa.Column("entitlement_id", sa.UUID(), nullable=True),
        sa.Column("si_number", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("recovered", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("status", sa.String(length=11), server_default="open", nullable=False),
        sa.Column("recovery", sa.String(length=16), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('open', 'recovered', 'written_off')",
            name=op.f("ck_payment_overpayments_status"),
        ),
        sa.CheckConstraint(
            "(payment_id IS NULL) <> (entitlement_id IS NULL)",
            name=op.f("ck_payment_overpayments_origin"),
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.payment_id"],
            name=op.f("fk_payment_overpayments_payment_id_payments"),
        ),
        sa.PrimaryKeyConstraint("overpayment_id", name=op.f("pk_payment_overpayments")),
        sa.UniqueConstraint("entitlement_id", name=op.f("uq_payment_overpayments_entitlement_id")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_payment_overpayments_payment_id")),
    )
    op.create_index(
        op.f("ix_payment_overpayments_si_number"),
        "payment_overpayments",
        ["si_number"],
        unique=False,
    )


def downgrade() -> None:
    """Drop the payments tables."""
    op.drop_index(op.f("ix_payment_overpayments_si_number"), table_name="payment_overpayments")
    op.drop_table("payment_overpayments")
    op.drop_index(op.f("ix_payment_exceptions_si_number"), table_name="payment_exceptions")
    op.drop_table("payment_exceptions")
    op.drop_index(
        "uq_payments_once",
        table_name="payments",
        postgresql_where=sa.text("status NOT IN ('rejected', 'returned', 'unpaid_cash')"),
    )
    op.drop_index("ix_payments_run", table_name="payments", postgresql_using="brin")
    op.drop_index("ix_payments_person", table_name="payments")
    op.drop_table("payments")
    op.drop_table("payroll_runs")
    op.drop_index("ix_payment_schedules_run", table_name="payment_schedules")
    op.drop_index("ix_payment_schedules_person", table_name="payment_schedules")
    op.drop_table("payment_schedules")
    op.drop_table("payment_estates")
    op.drop_index("ix_payment_channels_person", table_name="payment_channels")
    op.drop_table("payment_channels")
    op.drop_table("payment_bank_messages")
