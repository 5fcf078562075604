"""Read an uploaded claim list (CSV or XLSX, one line per row, header first), streaming."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from ansinh.benefits.claims.batches.lines import LINE_FIELDS, REQUIRED_COLUMNS
from ansinh.core.tabular import FileKind, RawLine, read_table


def read_claim_lines(file: IO[bytes], kind: FileKind) -> Iterator[RawLine]:
    """Check the header now; yield the numbered non-empty claim lines as they are read."""
    return read_table(file, kind, columns=LINE_FIELDS, required=REQUIRED_COLUMNS)
