"""Merge the round-two branches (events and jobs, append-only usage events) into one head.

Revision ID: 0007
Revises: events_0001, hard2_0001
Create Date: 2026-12-05
"""

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | Sequence[str] | None = ("events_0001", "hard2_0001")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the branches touch disjoint tables."""


def downgrade() -> None:
    """Nothing to change."""
