"""Domain events and the job queue: outbox, deliveries, the register feed's cursor, procrastinate.

Revision ID: events_0001
Revises: 0006
Create Date: 2026-12-05

procrastinate's own schema (jobs, events, workers, periodic defers and their functions) is the
one shipped with the pinned procrastinate version; upgrading procrastinate needs a migration
applying its migration scripts.
"""

from collections.abc import Sequence
from typing import LiteralString

import sqlalchemy as sa
from alembic import op
from procrastinate.schema import SchemaManager
from sqlalchemy.dialects.postgresql import JSONB, UUID

from ansinh.core.db import driver_connection

revision: str = "events_0001"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DROP_PROCRASTINATE: LiteralString = """
DO $$
DECLARE routine regprocedure;
BEGIN
    FOR routine IN SELECT oid::regprocedure FROM pg_proc WHERE proname LIKE 'procrastinate\\_%'
    LOOP EXECUTE 'DROP FUNCTION ' || routine || ' CASCADE'; END LOOP;
END $$;
DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs,
    procrastinate_workers CASCADE;
DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_event_type,
    procrastinate_job_status CASCADE;
"""


def upgrade() -> None:
    op.create_table(
        "outbox_events",
        sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("position", sa.BigInteger, sa.Identity(), nullable=False),
        sa.Column("batch_id", UUID(as_uuid=True), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("position"),
    )
    op.create_index("ix_outbox_events_batch_id", "outbox_events", ["batch_id"])
    op.create_table(
        "event_deliveries",
        sa.Column(
            "event_id",
            UUID(as_uuid=True),
            sa.ForeignKey("outbox_events.event_id"),
            primary_key=True,
        ),
        sa.Column("handler", sa.String(200), primary_key=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer, server_default="0", nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("status IN ('pending', 'done', 'failed', 'dead')", name="status"),
    )
    op.create_index("ix_event_deliveries_status", "event_deliveries", ["status"])
    op.create_table(
        "linkage_feed_cursors",
        sa.Column("feed", sa.String(40), primary_key=True),
        sa.Column("after", sa.BigInteger, server_default="0", nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    driver_connection(op.get_bind()).execute(SchemaManager.get_schema())


def downgrade() -> None:
    driver_connection(op.get_bind()).execute(_DROP_PROCRASTINATE)
    op.drop_table("linkage_feed_cursors")
    op.drop_table("event_deliveries")
    op.drop_table("outbox_events")
