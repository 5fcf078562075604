"""Foundation: persons, employers, employments, salaries, API clients, append-only audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("now()")


def _timestamps() -> list[sa.Column[datetime]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("si_number", sa.String(10), primary_key=True),
        sa.Column("personal_id", sa.String(12), unique=True),
        sa.Column("old_id_card", sa.String(9)),
        sa.Column("full_name", sa.String(100), nullable=False),
        sa.Column("date_of_birth", sa.Date, nullable=False),
        sa.Column("dob_precision", sa.String(5), server_default="day", nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("birth_registration_code", sa.String(3)),
        sa.Column("address", sa.Text),
        sa.Column("province_code", sa.String(2)),
        sa.Column("auth_status", sa.String(12), server_default="unverified", nullable=False),
        sa.Column("auth_checked_at", sa.DateTime(timezone=True)),
        *_timestamps(),
        sa.CheckConstraint("dob_precision IN ('day', 'month', 'year')", name="dob_precision"),
        sa.CheckConstraint("sex IN ('M', 'F')", name="sex"),
        sa.CheckConstraint(
            "auth_status IN ('unverified', 'verified', 'needs_review', 'not_found')",
            name="auth_status",
        ),
    )
    op.create_index("ix_persons_province_code", "persons", ["province_code"])
    op.execute("CREATE SEQUENCE si_number_seq START 90000000")

    op.create_table(
        "employers",
        sa.Column("unit_code", sa.String(12), primary_key=True),
        sa.Column("tax_code", sa.String(14), unique=True, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("wage_region", sa.String(3), nullable=False),
        sa.Column("size", sa.Integer),
        *_timestamps(),
        sa.CheckConstraint("wage_region IN ('I', 'II', 'III', 'IV')", name="wage_region"),
    )

    op.create_table(
        "employments",
        sa.Column("employment_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), nullable=False),
        sa.Column("unit_code", sa.String(12), sa.ForeignKey("employers.unit_code"), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("contract_type", sa.String(12), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "contract_type IN ('indefinite', 'definite', 'short_term')", name="contract_type"
        ),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),
    )
    op.create_index("ix_employments_si_number", "employments", ["si_number"])
    op.create_index("ix_employments_unit_code", "employments", ["unit_code"])

    op.create_table(
        "salaries",
        sa.Column(
            "employment_id",
            sa.BigInteger,
            sa.ForeignKey("employments.employment_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("effective_from", sa.Date, primary_key=True),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.CheckConstraint("amount > 0", name="amount"),
    )

    op.create_table(
        "api_clients",
        sa.Column("client_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("key_hash", sa.String(64), unique=True, nullable=False),
        sa.Column("scopes", sa.ARRAY(sa.String(64)), nullable=False),
        sa.Column("active", sa.Boolean, server_default=sa.true(), nullable=False),
        *_timestamps(),
    )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("actor_kind", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(10), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("resource", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.CheckConstraint("action IN ('read', 'create', 'update')", name="action"),
    )
    op.create_index("ix_audit_events_subject_at", "audit_events", ["subject", "at"])
    op.execute(
        """
        CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
        END $$;
        CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
          FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
        CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
          FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE audit_events")
    op.execute("DROP FUNCTION audit_events_append_only()")
    for table in ("api_clients", "salaries", "employments", "employers", "persons"):
        op.drop_table(table)
    op.execute("DROP SEQUENCE si_number_seq")
