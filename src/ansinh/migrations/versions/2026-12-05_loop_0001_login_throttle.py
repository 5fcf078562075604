"""Failed officer logins by account and by address, for back-off and lockout.

Revision ID: loop_0001
Revises: svc_0001
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "loop_0001"
down_revision: str | Sequence[str] | None = "svc_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the login throttle."""
    op.create_table(
        "portal_login_throttle",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("failures", sa.Integer, server_default="0", nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True)),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("last_failure_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    """Drop the login throttle."""
    op.drop_table("portal_login_throttle")
