"""Contributions: declarations, the bitemporal SI book, payments, voluntary and household schemes.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_OF_MONTH = "extract(day from {}) = 1"
FUNDS = ("pension_survivors", "sickness_maternity", "work_injury", "unemployment", "health")


def _month(column: str = "month") -> sa.CheckConstraint:
    return sa.CheckConstraint(FIRST_OF_MONTH.format(column), name=column)


def upgrade() -> None:
    op.create_table(
        "contribution_declarations",
        sa.Column("declaration_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("content_hash", sa.String(64), unique=True, nullable=False),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("source", sa.String(4), nullable=False),
        sa.Column("allow_partial", sa.Boolean, nullable=False),
        sa.Column("lines_total", sa.Integer, nullable=False),
        sa.Column("lines_accepted", sa.Integer, nullable=False),
        sa.Column("submitted_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("source IN ('json', 'csv', 'xlsx')", name="source"),
        _month(),
    )
    op.create_table(
        "contribution_declaration_lines",
        sa.Column("declaration_id", sa.BigInteger, primary_key=True),
        sa.Column("line", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(13)),
        sa.Column("unit_code", sa.String(12)),
        sa.Column("si_number", sa.String(10)),
        sa.Column("effective_date", sa.Date),
        sa.Column("until_date", sa.Date),
        sa.Column("salary", sa.BigInteger),
        sa.Column("created_person", sa.Boolean, server_default=sa.false(), nullable=False),
        sa.Column("field", sa.String(32)),
        sa.Column("error", sa.Text),
        sa.CheckConstraint(
            "kind IN ('increase', 'decrease', 'salary_change', 'correction', 'unpaid_leave')",
            name="kind",
        ),
    )
    op.create_table(
        "contribution_unpaid_leave",
        sa.Column("si_number", sa.String(10), primary_key=True),
        sa.Column("unit_code", sa.String(12), primary_key=True),
        sa.Column("month", sa.Date, primary_key=True),
        _month(),
    )
    op.create_table(
        "contribution_closed_months",
        sa.Column("month", sa.Date, primary_key=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        _month(),
    )
    op.create_table(
        "contribution_book",
        sa.Column("entry_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("si_number", sa.String(10), nullable=False),
        sa.Column("scheme", sa.String(10), nullable=False),
        sa.Column("unit_code", sa.String(12)),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("salary", sa.BigInteger, nullable=False),
        sa.Column("base", sa.BigInteger, nullable=False),
        *(
            sa.Column(f"{fund}_{party}", sa.BigInteger, nullable=False)
            for fund in FUNDS
            for party in ("employer", "employee")
        ),
        sa.Column("state_support", sa.BigInteger, server_default="0", nullable=False),
        sa.Column("recorded_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_to", sa.DateTime(timezone=True)),
        sa.CheckConstraint("scheme IN ('compulsory', 'voluntary', 'household')", name="scheme"),
        _month(),
        sa.CheckConstraint("(scheme = 'compulsory') = (unit_code IS NOT NULL)", name="unit"),
        sa.CheckConstraint("recorded_to IS NULL OR recorded_to > recorded_from", name="recorded"),
    )
    op.create_index(
        "ix_contribution_book_si_number_month", "contribution_book", ["si_number", "month"]
    )
    op.create_index(
        "ix_contribution_book_current",
        "contribution_book",
        ["si_number", "scheme", "unit_code", "month"],
        unique=True,
        postgresql_where=sa.text("recorded_to IS NULL"),
        postgresql_nulls_not_distinct=True,
    )
    op.create_index(
        "ix_contribution_book_unit_month",
        "contribution_book",
        ["unit_code", "month"],
        postgresql_where=sa.text("recorded_to IS NULL"),
    )
    op.execute(
        """
        CREATE FUNCTION contribution_book_close_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND OLD.recorded_to IS NULL AND NEW.recorded_to IS NOT NULL
             AND to_jsonb(NEW) - 'recorded_to' = to_jsonb(OLD) - 'recorded_to' THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'contribution_book rows are only ever closed: % refused', TG_OP;
        END $$;
        """
    )
    op.create_table(
        "contribution_payments",
        sa.Column("payment_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("unit_code", sa.String(12), sa.ForeignKey("employers.unit_code"), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("paid_on", sa.Date, nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.CheckConstraint("amount > 0", name="amount"),
        sa.UniqueConstraint("unit_code", "reference"),
    )
    op.create_table(
        "contribution_enrolments",
        sa.Column("enrolment_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), nullable=False),
        sa.Column("scheme", sa.String(10), nullable=False),
        sa.Column("start_month", sa.Date, nullable=False),
        sa.Column("cycle_months", sa.Integer, nullable=False),
        sa.Column("income", sa.BigInteger),
        sa.Column("support_group", sa.String(15)),
        sa.Column("household_code", sa.String(20)),
        sa.Column("member_number", sa.Integer),
        sa.Column(
            "registered_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("scheme IN ('voluntary', 'household')", name="scheme"),
        sa.CheckConstraint(
            "support_group IN ('poor', 'near_poor', 'ethnic_minority', 'other')",
            name="support_group",
        ),
        _month("start_month"),
        sa.CheckConstraint(
            "(scheme = 'voluntary') = (income IS NOT NULL AND support_group IS NOT NULL)",
            name="voluntary",
        ),
        sa.CheckConstraint(
            "(scheme = 'household') = (household_code IS NOT NULL AND member_number IS NOT NULL)",
            name="household",
        ),
    )
    op.create_index(
        "ix_contribution_enrolments_household_code", "contribution_enrolments", ["household_code"]
    )
    op.create_index(
        "ix_contribution_enrolments_person",
        "contribution_enrolments",
        ["si_number", "scheme"],
        unique=True,
    )
    op.create_table(
        "contribution_self_payments",
        sa.Column("payment_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column(
            "enrolment_id",
            sa.BigInteger,
            sa.ForeignKey("contribution_enrolments.enrolment_id"),
            nullable=False,
        ),
        sa.Column("first_month", sa.Date, nullable=False),
        sa.Column("months", sa.Integer, nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("state_support", sa.BigInteger, nullable=False),
        sa.Column("paid_on", sa.Date, nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount >= 0", name="amount"),
        _month("first_month"),
        sa.UniqueConstraint("enrolment_id", "reference"),
    )
    op.execute(
        """
        CREATE TRIGGER contribution_book_close_only BEFORE UPDATE OR DELETE ON contribution_book
          FOR EACH ROW EXECUTE FUNCTION contribution_book_close_only();
        CREATE FUNCTION contribution_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
        END $$;
        CREATE TRIGGER contribution_payments_append_only BEFORE UPDATE OR DELETE
          ON contribution_payments FOR EACH ROW EXECUTE FUNCTION contribution_append_only();
        CREATE TRIGGER contribution_self_payments_append_only BEFORE UPDATE OR DELETE
          ON contribution_self_payments FOR EACH ROW EXECUTE FUNCTION contribution_append_only();
        """
    )


def downgrade() -> None:
    for table in (
        "contribution_self_payments",
        "contribution_enrolments",
        "contribution_payments",
        "contribution_book",
        "contribution_closed_months",
        "contribution_unpaid_leave",
        "contribution_declaration_lines",
        "contribution_declarations",
    ):
        op.drop_table(table)
    op.execute("DROP FUNCTION contribution_book_close_only()")
    op.execute("DROP FUNCTION contribution_append_only()")
