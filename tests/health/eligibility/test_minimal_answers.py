"""The clinic learns only what confirms what it presented, and names and dates match strictly."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.health.conftest import FACILITY, VISIT
from tests.health.gateway import test_gateway
from tests.health.gateway.test_gateway import _body, _lookup

credentials, account = test_gateway.credentials, test_gateway.account
URL = "/api/v1/hi/eligibility"


def _check(client: TestClient, headers: dict[str, str], **body: Any) -> Any:
    body |= {"facility_code": FACILITY, "visit_date": VISIT.isoformat()}
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_bare_personal_id_gets_no_identity_back(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured()
    answer = _check(hi_client, clinic_headers, personal_id=insured.personal_id)
    assert answer["code"] == "000" and answer["holder"] is None
    assert "Nguyễn" not in str(answer) and "1985" not in str(answer)
    by_code = _check(hi_client, clinic_headers, card_code=insured.card.code)
    assert by_code["holder"] is None


def test_chip_data_is_confirmed_not_completed(
    hi_client: TestClient, clinic_headers: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured()
    chip = {"personal_id": insured.personal_id, "full_name": "Nguyễn Thị Lan"}
    answer = _check(hi_client, clinic_headers, chip=chip | {"date_of_birth": "1985-03-14"})
    assert answer["holder"] == {"full_name": "Nguyễn Thị Lan", "date_of_birth": "1985-03-14"}


@pytest.mark.parametrize(
    ("recorded", "given", "code"),
    [
        ("Nguyễn Thị Hoà", "Nguyễn Thị Hòa", "000"),  # tone placement, old and new style
        ("Nguyễn Thị Hòa", unicodedata.normalize("NFD", "NGUYỄN THỊ HOÀ"), "000"),
        ("Lý Văn Tám", "LY VAN TAM", "000"),  # no marks at all: hospital software, folded
        ("Lý Văn Tám", "Lỳ Văn Tám", "061"),  # marks sent must be the right ones
        ("Ly Văn Tám", "Lý Văn Tám", "061"),
        ("Nguyễn Thị Lan", "Nguyễn Thi Lan", "061"),
        ("Đặng Văn An", "Dặng Văn An", "060"),
    ],
)
def test_a_name_with_marks_must_match_them(
    hi_client: TestClient,
    clinic_headers: dict[str, str],
    make_insured: Any,
    recorded: str,
    given: str,
    code: str,
) -> None:
    insured = make_insured({"full_name": recorded})
    chip = {"personal_id": insured.personal_id, "full_name": given, "date_of_birth": "1985-03-14"}
    assert _check(hi_client, clinic_headers, chip=chip)["code"] == code


def test_the_gateway_matches_a_year_only_date_only_against_a_year_only_record(
    hi_client: TestClient, credentials: dict[str, str], make_insured: Any
) -> None:
    full = make_insured(valid_from=date(2026, 1, 1))
    refused = _lookup(hi_client, credentials, _body(full.person.si_number, ngaySinh="1985"))
    assert (refused["maKetQua"], refused.get("ngaySinh")) == ("070", None)
    year_only = make_insured(
        {"date_of_birth": date(1985, 1, 1), "dob_precision": "year"}, valid_from=date(2026, 1, 1)
    )
    answer = _lookup(hi_client, credentials, _body(year_only.person.si_number, ngaySinh="1985"))
    assert (answer["maKetQua"], answer["ngaySinh"]) == ("000", "1985")


def test_the_gateway_does_not_add_what_the_clinic_did_not_send(
    hi_client: TestClient, credentials: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured(valid_from=date(2026, 1, 1))
    answer = _lookup(hi_client, credentials, _body(insured.person.si_number))
    assert answer["maKetQua"] == "000"
    assert (answer["hoTen"], answer["ngaySinh"]) == ("Nguyễn Thị Lan", "14/03/1985")
    assert answer["diaChi"] is None and answer["gioiTinh"] is None
