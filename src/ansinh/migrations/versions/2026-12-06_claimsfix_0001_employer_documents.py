"""Employers hold documents too: a claim list's result is sealed for its unit.

Revision ID: claimsfix_0001
Revises: coverage_0002
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "claimsfix_0001"
down_revision: str | Sequence[str] | None = "coverage_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KINDS = "kind IN ('si-confirmation', 'hi-card', 'claim-decision', 'coverage-certificate')"


def upgrade() -> None:
    """A document is held by a person or by an employer; allow the claim list result."""
    op.add_column(
        "documents",
        sa.Column("unit_code", sa.String(12), sa.ForeignKey("employers.unit_code"), nullable=True),
    )
    op.alter_column("documents", "si_number", nullable=True)
    op.create_check_constraint("holder", "documents", "(si_number IS NULL) <> (unit_code IS NULL)")
    op.drop_constraint("kind", "documents", type_="check")
    op.create_check_constraint(
        "kind",
        "documents",
        "kind IN ('si-confirmation', 'hi-card', 'claim-decision', 'coverage-certificate',"
        " 'claim-batch-result')",
    )


def downgrade() -> None:
    """Persons' documents only (employers' documents must be deleted first)."""
    op.drop_constraint("kind", "documents", type_="check")
    op.create_check_constraint("kind", "documents", _OLD_KINDS)
    op.drop_constraint("holder", "documents", type_="check")
    op.alter_column("documents", "si_number", nullable=False)
    op.drop_column("documents", "unit_code")
