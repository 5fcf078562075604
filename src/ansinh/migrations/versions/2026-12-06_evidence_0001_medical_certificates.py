"""Electronic evidence from hospitals: signing certificates, the receipt log, certificates.

Revision ID: evidence_0001
Revises: careers_0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "evidence_0001"
down_revision: str | Sequence[str] | None = "careers_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("sick_leave", "birth", "death", "discharge", "pregnancy_rest")
OUTCOMES = ("accepted", "duplicate", "refused")


def upgrade() -> None:
    """Create the three evidence tables."""
    op.create_table(
        "evidence_signing_certificates",
        sa.Column("certificate_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column(
            "facility_code", sa.String(5), sa.ForeignKey("hi_facilities.code"), nullable=False
        ),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pem", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, server_default=sa.true(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index(
        "ix_evidence_signing_certificates_facility_code",
        "evidence_signing_certificates",
        ["facility_code"],
    )
    op.create_table(
        "evidence_receipts",
        sa.Column("receipt_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("ma_gd", sa.String(32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("facility_code", sa.String(20), nullable=False),
        sa.Column("client_id", sa.String(64)),
        sa.Column("document_type", sa.String(8), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("result_code", sa.String(4), nullable=False),
        sa.Column("reason", sa.String(300)),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("raw_sha256", sa.String(64)),
        sa.Column("serial", sa.String(50)),
        sa.CheckConstraint(f"outcome IN {OUTCOMES!r}", name="outcome"),
    )
    op.create_index("ix_evidence_receipts_ma_gd", "evidence_receipts", ["ma_gd"])
    op.create_index(
        "ix_evidence_receipts_facility_code_received_at",
        "evidence_receipts",
        ["facility_code", "received_at"],
    )
    op.create_table(
        "medical_certificates",
        sa.Column("certificate_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("facility_code", sa.String(5), nullable=False),
        sa.Column("serial", sa.String(50), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("form_code", sa.String(8)),
        sa.Column("personal_id", sa.String(12)),
        sa.Column("si_number", sa.String(10)),
        sa.Column("from_date", sa.Date),
        sa.Column("to_date", sa.Date),
        sa.Column("event_date", sa.Date),
        sa.Column("caesarean", sa.Boolean),
        sa.Column("under_32_weeks", sa.Boolean),
        sa.Column("fields", postgresql.JSONB, nullable=False),
        sa.Column("raw_sha256", sa.String(64)),
        sa.Column("ma_gd", sa.String(32)),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("facility_code", "serial", name="facility_serial"),
        sa.CheckConstraint(f"kind IN {KINDS!r}", name="kind"),
        sa.CheckConstraint(
            "from_date IS NULL OR to_date IS NULL OR from_date <= to_date", name="days"
        ),
    )
    for column in ("serial", "personal_id", "si_number"):
        op.create_index(f"ix_medical_certificates_{column}", "medical_certificates", [column])


def downgrade() -> None:
    """Drop the evidence tables."""
    op.drop_table("medical_certificates")
    op.drop_table("evidence_receipts")
    op.drop_table("evidence_signing_certificates")
