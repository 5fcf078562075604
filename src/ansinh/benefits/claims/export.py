"""Entitlements as CSV, one a row, for the API and the command line."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ansinh.benefits.claims.schemas import EntitlementRead


def to_csv(rows: Sequence[EntitlementRead]) -> str:
    """Entitlements as CSV with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EntitlementRead.model_fields))
    writer.writeheader()
    writer.writerows(row.model_dump(mode="json") for row in rows)
    return buffer.getvalue()
