"""Hostile XLSX declarations: every stored row is read, and bombs and malformed files get a 4xx."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from ansinh.core.config import get_settings
from tests.contributions.conftest import API

HEADER = ["kind", "unit_code", "si_number", "effective_date", "salary"]
SHEET = "xl/worksheets/sheet1.xml"
ENTITIES = (
    '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY x SYSTEM "file:///etc/passwd">]>'
)


def _workbook(*rows: list[Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _patched(content: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """Rewrite members of the XLSX zip (added when absent)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, changes.pop(name, lambda d: d)(data))
        for name, change in changes.items():
            target.writestr(name, change(b""))
    return buffer.getvalue()


def _upload(client: TestClient, headers: dict[str, str], content: bytes) -> Any:
    return client.post(
        f"{API}/declarations/files",
        files={"file": ("d02.xlsx", content)},
        data={"month": "2026-11", "allow_partial": "true"},
        headers=headers,
    )


def _salary_changes(employer: str, worker: str) -> list[list[Any]]:
    return [
        ["salary_change", employer, worker, date(2026, 11, day), 11_000_000 + day * 1000]
        for day in (1, 10, 20)
    ]


def test_rows_beyond_an_understated_dimension_are_read(
    client: TestClient, headers: dict[str, str], employer: str, worker: str
) -> None:
    content = _patched(
        _workbook(HEADER, *_salary_changes(employer, worker)),
        {SHEET: lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', xml)},
    )
    response = _upload(client, headers, content)
    assert response.status_code == 201, response.json()
    assert (response.json()["lines_total"], response.json()["lines_accepted"]) == (3, 3)


def test_a_sparse_workbook_is_refused_quickly(
    client: TestClient, headers: dict[str, str], employer: str
) -> None:
    far_cell = _patched(
        _workbook(HEADER),
        {SHEET: lambda xml: xml.replace(b"</sheetData>", _far_rows(1, 16384) + b"</sheetData>")},
    )
    far_apart = _patched(
        _workbook(HEADER),
        {SHEET: lambda xml: xml.replace(b"</sheetData>", _far_rows(2000, 60) + b"</sheetData>")},
    )
    for content, reason in ((far_cell, "beyond column 64"), (far_apart, "no lines")):
        assert len(content) < 100_000
        started = time.process_time()
        response = _upload(client, headers, content)
        assert time.process_time() - started < 1.0
        assert response.status_code == 422
        assert reason in response.json()["detail"]


def _far_rows(count: int, column: int) -> bytes:
    """`count` rows spread down to row 1,048,576, each with one cell in `column`."""
    letters = ""
    n = column
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    step = (1_048_576 - 2) // count
    rows = (2 + i * step if i < count - 1 else 1_048_576 for i in range(count))
    return b"".join(
        f'<row r="{r}"><c r="{letters}{r}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
        for r in rows
    )


@pytest.mark.parametrize(
    ("member", "change"),
    [
        (SHEET, lambda xml: ENTITIES.encode() + xml.replace(b"<sheetData>", b"<sheetData>&c;")),
        ("xl/workbook.xml", lambda xml: ENTITIES.encode() + xml),
        (SHEET, lambda xml: xml.replace(b'r="1"', b'r="one"')),
        (SHEET, lambda xml: xml[: len(xml) // 2]),
    ],
    ids=["sheet-entities", "workbook-entities", "bad-row-number", "truncated-xml"],
)
def test_entities_and_malformed_xml_are_refused_with_a_reason(
    client: TestClient,
    headers: dict[str, str],
    employer: str,
    worker: str,
    member: str,
    change: Callable[[bytes], bytes],
) -> None:
    content = _patched(_workbook(HEADER, *_salary_changes(employer, worker)), {member: change})
    response = _upload(client, headers, content)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "not a readable XLSX" in response.json()["detail"]


def test_a_corrupt_zip_is_refused_with_a_reason(
    client: TestClient, headers: dict[str, str], employer: str, worker: str
) -> None:
    content = bytearray(_workbook(HEADER, *_salary_changes(employer, worker)))
    start = content.index(b"xl/worksheets/sheet1.xml") + 30
    content[start : start + 200] = bytes(200)
    for damaged in (bytes(content), bytes(content[: len(content) // 2])):
        response = _upload(client, headers, damaged)
        assert response.status_code == 422
        assert "not a readable XLSX" in response.json()["detail"]


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ("xlsx_max_shared_strings_bytes", "shared strings unpack to more than 1 MiB"),
        ("xlsx_max_unzipped_bytes", "workbook unpacks to more than 1 MiB"),
    ],
)
def test_huge_shared_strings_are_refused_before_they_are_read(
    client: TestClient,
    headers: dict[str, str],
    employer: str,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    reason: str,
) -> None:
    monkeypatch.setattr(get_settings(), setting, 2**20)
    strings = b"<si><t>" + b"A" * 32_000 + b"</t></si>"
    content = _patched(
        _workbook(HEADER),
        {
            "xl/sharedStrings.xml": lambda _: (
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + strings * 64
                + b"</sst>"
            ),
            "[Content_Types].xml": lambda xml: xml.replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            ),
        },
    )
    assert len(content) < 100_000
    response = _upload(client, headers, content)
    assert response.status_code == 422
    assert reason in response.json()["detail"]


@pytest.mark.parametrize(
    ("setting", "value", "reason"),
    [
        ("xlsx_max_rows", 3, "more than 3 rows"),
        ("xlsx_max_cells", 50, "more than 50 cells"),
        ("xlsx_max_seconds", 0.0, "of CPU"),
    ],
)
def test_rows_cells_and_cpu_are_bounded(
    client: TestClient,
    headers: dict[str, str],
    employer: str,
    worker: str,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    value: float,
    reason: str,
) -> None:
    monkeypatch.setattr(get_settings(), setting, value)
    rows = _salary_changes(employer, worker) * 400
    response = _upload(client, headers, _workbook(HEADER, *rows))
    assert response.status_code == 422
    assert reason in response.json()["detail"]
