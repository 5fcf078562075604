"""Portal and online services: officers, sessions, usage counters, applications and timelines.

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0005"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = "('submitted', 'in_review', 'decided')"


def _now(name: str) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _timestamps() -> list[sa.Column[datetime]]:
    return [_now("created_at"), _now("updated_at")]


def upgrade() -> None:
    op.create_table(
        "officers",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("full_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("password_hash", sa.String(128), nullable=False),
        sa.Column("active", sa.Boolean, server_default=sa.true(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint("role IN ('officer', 'reviewer', 'supervisor', 'admin')", name="role"),
    )
    op.create_table(
        "portal_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("si_number", sa.String(10)),
        sa.Column("officer", sa.String(64), sa.ForeignKey("officers.username", ondelete="CASCADE")),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("level", sa.SmallInteger, nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _now("created_at"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('citizen', 'officer')", name="kind"),
        sa.CheckConstraint("(kind = 'officer') = (officer IS NOT NULL)", name="officer"),
        sa.CheckConstraint("level BETWEEN 0 AND 2", name="level"),
    )
    op.create_index("ix_portal_sessions_expires_at", "portal_sessions", ["expires_at"])
    op.create_table(
        "usage_counts",
        sa.Column("metric", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "service_applications",
        sa.Column("application_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("reference", sa.String(16), unique=True, nullable=False),
        sa.Column("service_code", sa.String(32), nullable=False),
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), nullable=False),
        sa.Column("level", sa.SmallInteger, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(10)),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("result", JSONB),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        *_timestamps(),
        sa.CheckConstraint(f"status IN {STATUSES}", name="status"),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('approved', 'rejected')", name="outcome"
        ),
        sa.CheckConstraint("(status = 'decided') = (outcome IS NOT NULL)", name="decided"),
    )
    op.create_index("ix_service_applications_si_number", "service_applications", ["si_number"])
    op.create_index("ix_service_applications_status", "service_applications", ["status"])
    op.create_table(
        "service_application_events",
        sa.Column("event_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column(
            "application_id",
            sa.BigInteger,
            sa.ForeignKey("service_applications.application_id", ondelete="CASCADE"),
            nullable=False,
        ),
        _now("at"),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("actor_kind", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=False),
        sa.Column("note", sa.String(500)),
        sa.CheckConstraint(f"status IN {STATUSES}", name="status"),
    )
    op.create_index(
        "ix_service_application_events_application_id",
        "service_application_events",
        ["application_id"],
    )


def downgrade() -> None:
    for table in (
        "service_application_events",
        "service_applications",
        "usage_counts",
        "portal_sessions",
        "officers",
    ):
        op.drop_table(table)
