"""Issued documents (PDFs with a sealed QR) and their revocation.

Revision ID: pdfdocs_0001
Revises: 0007
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "pdfdocs_0001"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the documents table."""
    op.create_table(
        "documents",
        sa.Column("document_id", sa.String(16), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("seal_kid", sa.String(100), nullable=False),
        sa.Column("pdf", sa.LargeBinary, nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("revoke_reason", sa.String(500)),
        sa.CheckConstraint("kind IN ('si-confirmation', 'hi-card')", name="kind"),
        sa.CheckConstraint("(revoked_at IS NULL) = (revoke_reason IS NULL)", name="revoked"),
    )
    op.create_index("ix_documents_si_number", "documents", ["si_number"])


def downgrade() -> None:
    """Drop the documents table."""
    op.drop_table("documents")
