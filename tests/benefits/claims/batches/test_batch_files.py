"""Claim lists as CSV and XLSX uploads, and the result file listing each line's outcome."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import Workbook
from pypdf import PdfReader

from tests.benefits.claims.conftest import Certify

from .conftest import API, HEADER, Hire

COLUMNS = [
    "branch",
    "subtype",
    "si_number",
    "from_date",
    "to_date",
    "days",
    "weekly_rest_days",
    "certificate_serial",
    "receipt_method",
]


def _rows(si: str, serial: str) -> list[list[Any]]:
    return [
        COLUMNS,
        ["sickness", "ordinary", si, "2026-11-02", "2026-11-04", 3, 0, serial, "employer"],
        ["sickness", "ordinary", si, "2026-11-06", "2026-11-05", 1, 0, "", "employer"],
        ["sickness", "ordinary", si, "2026-11-05", "2026-11-09", 3, 2, "", "cash"],
    ]


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(
            [int(c) if isinstance(c, str) and c.isdigit() and len(c) == 10 else c for c in row]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client: TestClient, headers: dict[str, str], name: str, content: bytes) -> Any:
    form = {k: str(v) for k, v in HEADER.items()} | {"allow_partial": "true"}
    return client.post(f"{API}/files", files={"file": (name, content)}, data=form, headers=headers)


def _serial(certify: Certify, si: str) -> str:
    return certify("sick_leave", si, from_date=date(2026, 11, 2), to_date=date(2026, 11, 4))


def test_a_csv_list_is_filed_with_rows_as_line_numbers(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    si = hire()
    answer = _upload(client, headers, "01b-hsb.csv", _csv(_rows(si, _serial(certify, si))))
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["source"] == "csv"
    assert [(e["line"], e["field"]) for e in body["errors"]] == [(3, "to_date")]
    assert body["outcomes"]["granted"] == 1


def test_an_xlsx_list_gets_the_zeros_of_its_si_numbers_back(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    si = hire()
    answer = _upload(client, headers, "01b-hsb.xlsx", _xlsx(_rows(si, _serial(certify, si))))
    assert answer.status_code == 201, answer.json()
    assert answer.json()["source"] == "xlsx"
    assert answer.json()["lines_accepted"] == 2


def test_an_unknown_column_refuses_the_file(
    client: TestClient, headers: dict[str, str], hire: Hire
) -> None:
    answer = _upload(client, headers, "x.csv", b"branch,subtype,salary\n")
    assert answer.status_code == 422
    assert "unknown columns salary" in answer.json()["detail"]


def test_the_result_file_lists_each_line_and_its_outcome(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    si = hire()
    batch = _upload(client, headers, "01b-hsb.csv", _csv(_rows(si, _serial(certify, si)))).json()
    answer = client.get(f"{API}/{batch['batch_id']}/result.csv", headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [(r["line"], r["status"]) for r in rows] == [
        ("2", "granted"),
        ("3", "rejected"),
        ("4", "held"),
    ]
    assert rows[0]["amount"] == "1125000"
    assert rows[2]["reason"].startswith("certificate missing")


def test_a_bad_header_is_refused_with_its_reason(
    client: TestClient, headers: dict[str, str]
) -> None:
    form = {k: str(v) for k, v in HEADER.items()} | {"unit_bank_bin": "97"}
    answer = client.post(
        f"{API}/files", files={"file": ("x.csv", b"branch\n")}, data=form, headers=headers
    )
    assert answer.status_code == 422
    assert "unit_bank_bin" in answer.json()["detail"]


def test_the_result_is_a_sealed_pdf_anyone_can_verify(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    si = hire()
    batch = _upload(client, headers, "01b-hsb.csv", _csv(_rows(si, _serial(certify, si)))).json()
    assert batch["result_pdf"] == f"{API}/{batch['batch_id']}/result.pdf"
    answer = client.get(batch["result_pdf"], headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(answer.content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "KẾT QUẢ GIẢI QUYẾT DANH SÁCH" in text
    assert "Được giải quyết" in text and "1.125.000" in text
    assert "Tạm dừng, chờ hồ sơ" in text
    seal = str((pdf.metadata or {})["/Keywords"])
    verdict = client.post("/api/v1/documents/verify", json={"seal": seal}).json()
    assert verdict["status"] == "genuine"
    assert verdict["kind"] == "claim-batch-result"
    assert verdict["unit_code"] == HEADER["unit_code"]
    assert verdict["si_number_ending"] is None
    page = client.post("/verify", data={"seal": seal}, headers={"Accept-Language": "vi"}).text
    assert f"cho đơn vị có mã {HEADER['unit_code']}" in page
