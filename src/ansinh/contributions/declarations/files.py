"""Read an uploaded declaration file (CSV or XLSX) into numbered raw lines, streaming."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from ansinh.contributions.lines import LINE_FIELDS
from ansinh.core.tabular import FileKind, RawLine, read_table

_REQUIRED = {"kind", "unit_code", "effective_date"}


def read_lines(file: IO[bytes], kind: FileKind) -> Iterator[RawLine]:
    """Check the header now; yield the numbered non-empty declaration lines as they are read."""
    return read_table(file, kind, columns=LINE_FIELDS, required=_REQUIRED)
