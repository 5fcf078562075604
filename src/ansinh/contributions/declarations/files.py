"""Read an uploaded declaration file (CSV or XLSX) into numbered raw lines.

Line numbers are the rows as a spreadsheet or editor shows them: the header is line 1. Empty
cells are absent values. Identifier cells that Excel stored as numbers get their leading zeros
back (an SI number typed as 123456789 is read as 0123456789).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Literal

from openpyxl import load_workbook

from ansinh.contributions.exceptions import UnreadableFile
from ansinh.contributions.lines import LINE_FIELDS

FileKind = Literal["csv", "xlsx"]
MAX_FILE_BYTES = 256 * 2**20
RawLine = tuple[int, dict[str, Any]]
_ID_WIDTHS = {"si_number": 10, "personal_id": 12}
_REQUIRED = {"kind", "unit_code", "effective_date"}


def kind_of(filename: str | None, content_type: str | None) -> FileKind:
    """Tell CSV from XLSX by the file name or, failing that, the content type."""
    name = (filename or "").lower()
    if name.endswith(".xlsx") or (content_type or "").endswith("spreadsheetml.sheet"):
        return "xlsx"
    if name.endswith(".csv") or (content_type or "").startswith("text/"):
        return "csv"
    raise UnreadableFile("send a .csv or .xlsx file")


def read_lines(content: bytes, kind: FileKind) -> list[RawLine]:
    """Parse the whole file; raise UnreadableFile if its header or encoding is wrong."""
    rows = _csv_rows(content) if kind == "csv" else _xlsx_rows(content)
    header = [str(cell or "").strip().lower() for cell in next(rows, [])]
    unknown = sorted(set(header) - set(LINE_FIELDS) - {""})
    if unknown:
        raise UnreadableFile(f"line 1: unknown columns {', '.join(unknown)}")
    missing = sorted(_REQUIRED - set(header))
    if missing:
        raise UnreadableFile(f"line 1: missing columns {', '.join(missing)}")
    lines = []
    for number, cells in enumerate(rows, start=2):
        raw = {
            column: _cell(column, value)
            for column, value in zip(header, cells, strict=False)
            if column and value not in (None, "")
        }
        if raw:
            lines.append((number, raw))
    return lines


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("the CSV file is not UTF-8 text") from None
    return iter(csv.reader(io.StringIO(text, newline="")))


def _xlsx_rows(content: bytes) -> Iterator[tuple[Any, ...]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UnreadableFile("the file is not a readable XLSX workbook") from None
    if not workbook.worksheets:
        raise UnreadableFile("the workbook has no sheet")
    rows: Iterator[tuple[Any, ...]] = workbook.worksheets[0].iter_rows(values_only=True)
    return rows


def _cell(column: str, value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and column in _ID_WIDTHS:
        return str(value).zfill(_ID_WIDTHS[column])
    return value if isinstance(value, int | date) else str(value)
