"""Health insurance: facilities, clerks, gateway accounts, cards, check log, check-ins.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
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
        "hi_facilities",
        sa.Column("code", sa.String(5), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("level", sa.String(12), nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("primary_care", sa.Boolean, server_default=sa.true(), nullable=False),
        sa.Column("active", sa.Boolean, server_default=sa.true(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint("level IN ('primary', 'basic', 'specialised')", name="level"),
    )
    op.create_index("ix_hi_facilities_province_code", "hi_facilities", ["province_code"])

    op.create_table(
        "hi_facility_users",
        sa.Column("user_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column(
            "facility_code", sa.String(5), sa.ForeignKey("hi_facilities.code"), nullable=False
        ),
        sa.Column("personal_id", sa.String(12), nullable=False),
        sa.Column("full_name", sa.String(100), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("facility_code", "personal_id", name="facility_person"),
    )

    op.create_table(
        "hi_gateway_accounts",
        sa.Column(
            "client_id", sa.String(64), sa.ForeignKey("api_clients.client_id"), primary_key=True
        ),
        sa.Column("password_salt", sa.String(32), nullable=False),
        sa.Column("password_hash", sa.String(128), nullable=False),
        *_timestamps(),
    )

    op.create_table(
        "hi_cards",
        sa.Column("card_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), nullable=False),
        sa.Column("object_code", sa.String(2), nullable=False),
        sa.Column("benefit_level", sa.SmallInteger, nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_to", sa.Date, nullable=False),
        sa.Column("facility_code", sa.String(5), sa.ForeignKey("hi_facilities.code")),
        sa.Column("five_years_from", sa.Date),
        sa.Column("status", sa.String(10), server_default="active", nullable=False),
        sa.Column("status_reason", sa.String(16)),
        sa.Column("status_changed_on", sa.Date),
        sa.Column("replaced_by", sa.BigInteger, sa.ForeignKey("hi_cards.card_id")),
        *_timestamps(),
        sa.CheckConstraint("benefit_level BETWEEN 1 AND 5", name="benefit_level"),
        sa.CheckConstraint("valid_to >= valid_from", name="validity"),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'ended', 'withdrawn')", name="status"
        ),
        sa.CheckConstraint(
            "status_reason IS NULL OR status_reason IN ('lapsed', 'death', 'moved_province', "
            "'moved_within', 're_enrolled', 'stopped', 'withdrawn')",
            name="status_reason",
        ),
    )
    op.create_index("ix_hi_cards_si_number", "hi_cards", ["si_number"])
    op.create_index(
        "uq_hi_cards_current",
        "hi_cards",
        ["si_number"],
        unique=True,
        postgresql_where=sa.text("replaced_by IS NULL"),
    )

    op.create_table(
        "hi_checks",
        sa.Column("check_id", sa.Uuid, primary_key=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("facility_code", sa.String(5), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("clerk_id", sa.BigInteger),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("key_kind", sa.String(12), nullable=False),
        sa.Column("si_number", sa.String(10)),
        sa.Column("card_id", sa.BigInteger),
        sa.Column("visit_date", sa.Date, nullable=False),
        sa.Column("result_code", sa.String(3), nullable=False),
        sa.CheckConstraint("channel IN ('api', 'fhir', 'gateway')", name="channel"),
        sa.CheckConstraint(
            "key_kind IN ('personal_id', 'si_number', 'hi_card', 'chip')", name="key_kind"
        ),
    )
    op.create_index("ix_hi_checks_si_number", "hi_checks", ["si_number"])
    op.create_index("ix_hi_checks_checked_at", "hi_checks", ["checked_at"], postgresql_using="brin")
    op.execute(
        """
        CREATE FUNCTION hi_checks_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'hi_checks is append-only: % refused', TG_OP;
        END $$;
        CREATE TRIGGER hi_checks_no_update_delete BEFORE UPDATE OR DELETE ON hi_checks
          FOR EACH ROW EXECUTE FUNCTION hi_checks_append_only();
        CREATE TRIGGER hi_checks_no_truncate BEFORE TRUNCATE ON hi_checks
          FOR EACH STATEMENT EXECUTE FUNCTION hi_checks_append_only();
        """
    )

    op.create_table(
        "hi_check_ins",
        sa.Column("check_in_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column(
            "check_id",
            sa.Uuid,
            sa.ForeignKey("hi_checks.check_id"),
            unique=True,
            nullable=False,
        ),
        sa.Column("facility_code", sa.String(5), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("si_number", sa.String(10), nullable=False),
        sa.Column("card_id", sa.BigInteger, sa.ForeignKey("hi_cards.card_id"), nullable=False),
        sa.Column("visit_type", sa.String(10), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visit_type IN ('outpatient', 'inpatient', 'emergency')", name="visit_type"
        ),
    )
    op.create_index(
        "ix_hi_check_ins_checked_in_at", "hi_check_ins", ["checked_in_at"], postgresql_using="brin"
    )


def downgrade() -> None:
    op.drop_table("hi_check_ins")
    op.execute("DROP TABLE hi_checks")
    op.execute("DROP FUNCTION hi_checks_append_only()")
    for table in ("hi_cards", "hi_gateway_accounts", "hi_facility_users", "hi_facilities"):
        op.drop_table(table)
