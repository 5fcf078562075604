"""Read the first sheet of an XLSX declaration row by row, within bounds set in the settings.

The sheet XML is parsed as it is stored, whatever its `<dimension>` claims: only rows and cells
present in the file are read, and nothing pads the gaps, so a sparse sheet costs no more than
its XML. The archive, every row, column and cell and the CPU time are bounded; a part with a
document type or entity declaration is refused before openpyxl reads it (openpyxl parses through
defusedxml only while lxml is not installed).
"""

from __future__ import annotations

import time
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from ansinh.contributions.exceptions import UnreadableFile
from ansinh.core.config import get_settings

# What openpyxl and zipfile raise on a damaged archive or malformed XML.
_MALFORMED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OSError,
    SyntaxError,  # ElementTree's ParseError, lxml's XMLSyntaxError
    DefusedXmlException,
)
_UNREADABLE = "the file is not a readable XLSX workbook"
_CLOCK_EVERY = 1000


def workbook_rows(file: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row number, cell values) of each row the first sheet stores, bounds checked."""
    settings = get_settings()
    started = time.thread_time()
    _check_archive(file, settings.xlsx_max_unzipped_bytes, settings.xlsx_max_shared_strings_bytes)
    workbook: Any = None
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        if not workbook.worksheets:
            raise UnreadableFile("the workbook has no sheet")
        sheet = workbook.worksheets[0]
        parser = WorkSheetParser(
            workbook._archive.open(sheet._worksheet_path),
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        cells = 0
        for rows, (number, stored) in enumerate(parser.parse(), start=1):
            if number > settings.xlsx_max_rows or rows > settings.xlsx_max_rows:
                raise UnreadableFile(f"row {number}: more than {settings.xlsx_max_rows:,} rows")
            cells += len(stored)
            if cells > settings.xlsx_max_cells:
                raise UnreadableFile(f"row {number}: more than {settings.xlsx_max_cells:,} cells")
            if rows % _CLOCK_EVERY == 0:
                _check_clock(started, settings.xlsx_max_seconds, number)
            yield number, _values(number, stored, settings.xlsx_max_columns)
    except _MALFORMED:
        raise UnreadableFile(_UNREADABLE) from None
    finally:
        if workbook is not None:
            workbook.close()


def _check_archive(file: IO[bytes], max_unzipped: int, max_strings: int) -> None:
    """Refuse a damaged zip, a DTD in a part, or parts (or shared strings) unpacking to too much."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            _refuse_declarations(archive, members)
    except _MALFORMED:
        raise UnreadableFile(_UNREADABLE) from None
    if sum(member.file_size for member in members) > max_unzipped:
        raise UnreadableFile(
            f"the workbook unpacks to more than {max_unzipped / 2**20:g} MiB; split it"
        )
    if any(_is_strings(m) and m.file_size > max_strings for m in members):
        raise UnreadableFile(
            f"the workbook's shared strings unpack to more than {max_strings / 2**20:g} MiB; "
            "send it as CSV or split it"
        )
    file.seek(0)


def _refuse_declarations(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Read each XML part up to its first element: a DTD or entity declaration raises."""
    for member in members:
        if member.filename.lower().endswith((".xml", ".rels")):
            with archive.open(member) as part:
                next(iter(iterparse(part, events=("start",), forbid_dtd=True)), None)


def _is_strings(member: zipfile.ZipInfo) -> bool:
    return member.filename.lower().endswith("sharedstrings.xml")


def _values(number: int, stored: list[dict[str, Any]], max_columns: int) -> list[Any]:
    """The row's values by column, from the first column to the last one stored."""
    width = max((cell["column"] for cell in stored), default=0)
    if width > max_columns:
        raise UnreadableFile(f"row {number}: a cell beyond column {max_columns}")
    values: list[Any] = [None] * width
    for cell in stored:
        values[cell["column"] - 1] = cell["value"]
    return values


def _check_clock(started: float, max_seconds: float, number: int) -> None:
    if time.thread_time() - started > max_seconds:
        raise UnreadableFile(
            f"row {number}: reading the workbook took more than {max_seconds:g} s of CPU; "
            "send it as CSV or split it"
        )
