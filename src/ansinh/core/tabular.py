"""Read an uploaded table of lines (CSV or XLSX) into numbered raw lines, streaming.

Line numbers are the rows as a spreadsheet or editor shows them: the header is line 1. Empty
cells are absent values. Identifier cells that Excel stored as numbers get their leading zeros
back (an SI number typed as 123456789 is read as 0123456789). The file is read from disk one
row at a time, so memory does not grow with its size.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import IO, Any, Literal

from ansinh.core.errors import FileTooLarge, UnreadableFile
from ansinh.core.workbook import workbook_rows

FileKind = Literal["csv", "xlsx"]
RawLine = tuple[int, dict[str, Any]]
_CHUNK = 2**20
# Identifier columns whose leading zeros a spreadsheet drops, with their widths.
ID_WIDTHS = {"si_number": 10, "personal_id": 12}


def kind_of(filename: str | None, content_type: str | None) -> FileKind:
    """Tell CSV from XLSX by the file name or, failing that, the content type."""
    name = (filename or "").lower()
    if name.endswith(".xlsx") or (content_type or "").endswith("spreadsheetml.sheet"):
        return "xlsx"
    if name.endswith(".csv") or (content_type or "").startswith("text/"):
        return "csv"
    raise UnreadableFile("send a .csv or .xlsx file")


def digest_file(file: IO[bytes], *, prefix: bytes, max_bytes: int) -> str:
    """SHA-256 of `prefix` and the file, read in chunks; refuse a file over `max_bytes`."""
    digest = hashlib.sha256(prefix)
    size = 0
    file.seek(0)
    for chunk in iter(lambda: file.read(_CHUNK), b""):
        size += len(chunk)
        if size > max_bytes:
            raise FileTooLarge(max_bytes)
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def read_table(
    file: IO[bytes],
    kind: FileKind,
    *,
    columns: Collection[str],
    required: Collection[str],
    id_widths: Mapping[str, int] = ID_WIDTHS,
) -> Iterator[RawLine]:
    """Check the header against `columns` now; yield the numbered non-empty lines as read."""
    numbered = _csv_rows(file) if kind == "csv" else workbook_rows(file)
    _, first = next(numbered, (1, []))
    header = [str(cell or "").strip().lower() for cell in first]
    unknown = sorted(set(header) - set(columns) - {""})
    if unknown:
        raise UnreadableFile(f"line 1: unknown columns {', '.join(unknown)}")
    missing = sorted(set(required) - set(header))
    if missing:
        raise UnreadableFile(f"line 1: missing columns {', '.join(missing)}")
    return _lines(header, numbered, id_widths)


def _lines(
    header: list[str],
    numbered: Iterable[tuple[int, Iterable[Any]]],
    id_widths: Mapping[str, int],
) -> Iterator[RawLine]:
    for number, cells in numbered:
        raw = {
            column: _cell(value, id_widths.get(column))
            for column, value in zip(header, cells, strict=False)
            if column and value not in (None, "")
        }
        if raw:
            yield number, raw


def _csv_rows(file: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    rows = csv.reader(text)
    number = 0
    try:
        for number, row in enumerate(rows, start=1):  # noqa: B007 (read after the loop)
            yield number, row
    except UnicodeDecodeError:
        raise UnreadableFile(f"the CSV file is not UTF-8 text (near line {number + 1})") from None
    except csv.Error as exc:
        raise UnreadableFile(f"line {number + 1}: {exc}") from None
    finally:
        text.detach()


def _cell(value: Any, width: int | None) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and width is not None:
        return str(value).zfill(width)
    return value if isinstance(value, int | date) else str(value)
