"""Declaration files: CSV and XLSX, line numbers as rows, idempotent uploads."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.contributions.models import BookEntry, Declaration
from ansinh.registry.models import Employment, Salary
from tests.contributions.conftest import API

HEADER = (
    "kind,unit_code,si_number,personal_id,full_name,date_of_birth,sex,effective_date,salary,"
    "contract_type"
)


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _upload(
    client: TestClient, headers: dict[str, str], content: bytes, name: str = "d02.csv", **form: Any
) -> Any:
    return client.post(
        f"{API}/declarations/files",
        files={"file": (name, content)},
        data={"month": "2026-11"} | form,
        headers=headers,
    )


def _counts(db_session: Session) -> list[int]:
    return [
        int(db_session.scalar(select(func.count()).select_from(m)) or 0)
        for m in (Declaration, Employment, Salary, BookEntry)
    ]


def test_a_csv_declaration_is_applied_and_a_second_upload_creates_nothing(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str, worker: str
) -> None:
    content = _csv(
        f"salary_change,{employer},{worker},,,,,2026-11-01,12000000,",
        f"increase,{employer},,079190004321,Ngô Thị Thu,1990-07-08,F,2026-11-03,7500000,definite",
    )
    first = _upload(client, headers, content)
    assert first.status_code == 201, first.json()
    assert (first.json()["lines_accepted"], first.json()["persons_registered"]) == (2, 1)
    counts = _counts(db_session)
    again = _upload(client, headers, content)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["declaration_id"] == first.json()["declaration_id"]
    assert _counts(db_session) == counts


def test_a_bad_line_is_reported_by_its_row_number_and_reason(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str, worker: str
) -> None:
    content = _csv(
        f"salary_change,{employer},{worker},,,,,2026-11-01,12000000,",
        f"salary_change,{employer},{worker},,,,,2026-11-31,12000000,",
        f"increase,{employer},,079190004321,Ngô Thị Thu,1991-07-08,F,2026-11-03,7500000,definite",
    )
    before = _counts(db_session)
    response = _upload(client, headers, content)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["line"], e["field"]) for e in errors] == [(3, "effective_date"), (4, "personal_id")]
    assert "079190004321" not in str(errors)
    assert "stated birth year is 1991" in errors[1]["reason"]
    assert _counts(db_session) == before


def test_an_xlsx_declaration_reads_dates_numbers_and_identifiers(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str, worker: str
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(
        ["salary_change", employer, int(worker), None, None, None, None, date(2026, 11, 1), 11e6]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(client, headers, buffer.getvalue(), name="d02.xlsx", allow_partial="true")
    assert response.status_code == 201, response.json()
    assert response.json()["source"] == "xlsx"
    assert response.json()["lines_accepted"] == 1


def test_an_unknown_column_or_file_type_is_refused(
    client: TestClient, headers: dict[str, str], employer: str
) -> None:
    wrong_column = _upload(client, headers, b"kind,unit_code,effective_date,bonus\n")
    assert wrong_column.status_code == 422
    assert "bonus" in wrong_column.json()["detail"]
    wrong_type = _upload(client, headers, b"%PDF-1.4", name="d02.pdf")
    assert wrong_type.status_code == 422
    not_a_workbook = _upload(client, headers, b"not a zip", name="d02.xlsx")
    assert not_a_workbook.status_code == 422


def test_an_empty_declaration_is_refused_with_a_reason(
    client: TestClient, headers: dict[str, str], db_session: Session, employer: str, worker: str
) -> None:
    before = _counts(db_session)
    empty = _upload(client, headers, _csv())
    assert empty.status_code == 422 and "no lines" in empty.json()["detail"]
    nothing_valid = _upload(
        client,
        headers,
        _csv(f"salary_change,{employer},{worker},,,,,2026-11-31,12000000,"),
        allow_partial="true",
    )
    assert nothing_valid.status_code == 422
    assert nothing_valid.json()["errors"][0]["field"] == "effective_date"
    assert _counts(db_session) == before


def test_a_formula_as_a_name_is_refused_at_the_edge(
    client: TestClient, headers: dict[str, str], employer: str
) -> None:
    content = _csv(
        f'increase,{employer},,079191004321,"=HYPERLINK(""http://x"",""Lan"")",1991-07-08,F,'
        "2026-11-03,7500000,definite",
    )
    response = _upload(client, headers, content)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "full_name"
    assert "must start with a letter" in response.json()["errors"][0]["reason"]


def test_a_csv_that_is_not_utf8_or_has_a_runaway_field_is_refused_with_a_reason(
    client: TestClient, headers: dict[str, str], employer: str
) -> None:
    latin1 = _upload(client, headers, _csv(f"decrease,{employer},,,Lê,,,2026-11-01,,") + b"\xe9\n")
    assert latin1.status_code == 422
    assert "not UTF-8" in latin1.json()["detail"]
    runaway = _upload(client, headers, _csv(f'decrease,{employer},"' + "x" * 200_000))
    assert runaway.status_code == 422
    assert "line 2" in runaway.json()["detail"]
