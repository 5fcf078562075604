"""Life events: one settled death per person (civil or bank-confirmed), its application and claims.

Revision ID: lifeevents2_0001
Revises: unemployment_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "lifeevents2_0001"
down_revision: str | Sequence[str] | None = "unemployment_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCES = ("civil", "bank")


def upgrade() -> None:
    """Create `lifeevents_deaths`."""
    op.create_table(
        "lifeevents_deaths",
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), primary_key=True),
        sa.Column("date_of_death", sa.Date, nullable=False),
        sa.Column("source", sa.String(5), nullable=False),
        sa.Column("record_id", sa.String(40)),
        sa.Column("application", postgresql.JSONB),
        sa.Column("funeral_claim", sa.String(20)),
        sa.Column("survivor_claim", sa.String(20)),
        sa.Column("claims_note", sa.Text),
        sa.Column(
            "settled_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(f"source IN {SOURCES!r}", name="source"),
    )


def downgrade() -> None:
    """Drop `lifeevents_deaths`."""
    op.drop_table("lifeevents_deaths")
