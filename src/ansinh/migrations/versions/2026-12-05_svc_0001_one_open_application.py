"""One open application per service and person (a partial unique index).

Revision ID: svc_0001
Revises: pdfdocs_0001
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "svc_0001"
down_revision: str | Sequence[str] | None = "pdfdocs_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Allow one submitted or in-review application per person and service."""
    op.create_index(
        "uq_service_applications_open",
        "service_applications",
        ["si_number", "service_code"],
        unique=True,
        postgresql_where=sa.text("status IN ('submitted', 'in_review')"),
    )


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("uq_service_applications_open", table_name="service_applications")
