"""Certificates of coverage for posted workers, and their sealed documents (a fourth kind).

Revision ID: coverage_0001
Revises: payrollperf_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "coverage_0001"
down_revision: str | Sequence[str] | None = "payrollperf_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = "'si-confirmation', 'hi-card', 'claim-decision'"


def upgrade() -> None:
    """Create the certificates table and allow the coverage-certificate document kind."""
    op.drop_constraint("kind", "documents", type_="check")
    op.create_check_constraint("kind", "documents", f"kind IN ({KINDS}, 'coverage-certificate')")
    op.create_table(
        "coverage_certificates",
        sa.Column("reference", sa.String(20), primary_key=True),
        sa.Column("si_number", sa.String(10), sa.ForeignKey("persons.si_number"), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("unit_code", sa.String(12), sa.ForeignKey("employers.unit_code"), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("extension", sa.Boolean(), nullable=False),
        sa.Column("months_counted", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(7), nullable=False),
        sa.Column("refusal_code", sa.String(30)),
        sa.Column("reason_vi", sa.Text()),
        sa.Column("reason_en", sa.Text()),
        sa.Column("document_id", sa.String(16), sa.ForeignKey("documents.document_id")),
        sa.Column("verification_url", sa.Text()),
        sa.Column("applied_by", sa.String(100), nullable=False),
        sa.Column(
            "applied_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("status IN ('issued', 'refused')", name="status"),
        sa.CheckConstraint("ends_on >= starts_on", name="dates"),
        sa.CheckConstraint("(status = 'issued') = (document_id IS NOT NULL)", name="document"),
        sa.CheckConstraint("(status = 'refused') = (refusal_code IS NOT NULL)", name="refusal"),
    )
    op.create_index(
        "ix_coverage_certificates_worker",
        "coverage_certificates",
        ["si_number", "country", "starts_on"],
    )
    op.create_index(
        "uq_coverage_certificates_posting",
        "coverage_certificates",
        ["si_number", "country", "unit_code", "starts_on", "ends_on"],
        unique=True,
        postgresql_where=sa.text("status = 'issued'"),
    )


def downgrade() -> None:
    """Drop the certificates and their document kind (their documents must be deleted first)."""
    op.drop_table("coverage_certificates")
    op.drop_constraint("kind", "documents", type_="check")
    op.create_check_constraint("kind", "documents", f"kind IN ({KINDS})")
