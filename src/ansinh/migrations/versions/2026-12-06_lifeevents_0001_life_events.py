"""Life events: subscriptions at the civil registry, the notification inbox, births, held reports.

Revision ID: lifeevents_0001
Revises: evidence_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "lifeevents_0001"
down_revision: str | Sequence[str] | None = "claimsbatch_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = ("refused", "duplicate", "pending", "waiting", "done", "failed")
KINDS = ("birth", "death")
REPORT_SOURCES = ("hospital", "bank")
NOW = sa.func.now()


def upgrade() -> None:
    """Create the four life-event tables."""
    op.create_table(
        "lifeevents_subscriptions",
        sa.Column("subscription_id", sa.Uuid, primary_key=True),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("jwks", postgresql.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    )
    op.create_table(
        "lifeevents_inbox",
        sa.Column("inbox_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("signature_ok", sa.Boolean, nullable=False),
        sa.Column("subscription_id", sa.Uuid),
        sa.Column("event_id", sa.Uuid),
        sa.Column("kind", sa.String(5)),
        sa.Column("record_id", sa.String(40)),
        sa.Column("registered_on", sa.Date),
        sa.Column("payload", postgresql.JSONB),
        sa.Column("state", sa.String(9), nullable=False),
        sa.Column("refusal", sa.Text),
        sa.Column("attempts", sa.Integer, server_default="0", nullable=False),
        sa.Column("si_number", sa.String(10)),
        sa.Column("handled_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(f"state IN {STATES!r}", name="state"),
        sa.CheckConstraint(f"kind IS NULL OR kind IN {KINDS!r}", name="kind"),
    )
    op.create_index(
        "uq_lifeevents_inbox_event",
        "lifeevents_inbox",
        ["event_id"],
        unique=True,
        postgresql_where=sa.text("state NOT IN ('refused', 'duplicate')"),
    )
    op.create_index(
        "ix_lifeevents_inbox_open",
        "lifeevents_inbox",
        ["state"],
        postgresql_where=sa.text("state IN ('pending', 'waiting')"),
    )
    person = "persons.si_number"
    op.create_table(
        "lifeevents_births",
        sa.Column("child_si_number", sa.String(10), sa.ForeignKey(person), primary_key=True),
        sa.Column("record_id", sa.String(40), nullable=False),
        sa.Column("date_of_birth", sa.Date, nullable=False),
        sa.Column("mother_si_number", sa.String(10), sa.ForeignKey(person)),
        sa.Column("father_si_number", sa.String(10), sa.ForeignKey(person)),
        sa.Column("certificate_serial", sa.String(40)),
    )
    op.create_index(
        "ix_lifeevents_births_mother", "lifeevents_births", ["mother_si_number", "date_of_birth"]
    )
    op.create_table(
        "lifeevents_death_reports",
        sa.Column("report_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("reference", sa.String(60), nullable=False),
        sa.Column("si_number", sa.String(10)),
        sa.Column("personal_id", sa.String(12)),
        sa.Column("date_of_death", sa.Date, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(f"source IN {REPORT_SOURCES!r}", name="source"),
    )
    op.create_index(
        "ix_lifeevents_death_reports_si_number", "lifeevents_death_reports", ["si_number"]
    )


def downgrade() -> None:
    """Drop the life-event tables."""
    op.drop_table("lifeevents_death_reports")
    op.drop_table("lifeevents_births")
    op.drop_table("lifeevents_inbox")
    op.drop_table("lifeevents_subscriptions")
