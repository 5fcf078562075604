"""Decisions on benefit claims are issued as sealed documents (a third document kind).

Revision ID: claimsui_0001
Revises: claims_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "claimsui_0001"
down_revision: str | Sequence[str] | None = "lifeevents_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Allow the claim-decision kind."""
    op.drop_constraint("kind", "documents", type_="check")
    op.create_check_constraint(
        "kind", "documents", "kind IN ('si-confirmation', 'hi-card', 'claim-decision')"
    )


def downgrade() -> None:
    """Back to the two first kinds (decisions issued meanwhile must be deleted first)."""
    op.drop_constraint("kind", "documents", type_="check")
    op.create_check_constraint("kind", "documents", "kind IN ('si-confirmation', 'hi-card')")
