"""The banks benefits can be paid into: dated reference data, listed by the API."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from ansinh.identity.banks import banks_in_force, find_bank


def test_a_bank_is_found_by_its_napas_bin_and_an_unknown_bin_is_not() -> None:
    bank = find_bank("970436")
    assert bank is not None and bank.short_name == "Vietcombank"
    assert bank.name == "Ngân hàng TMCP Ngoại thương Việt Nam"
    assert find_bank("999999") is None


def test_rows_hold_only_on_their_days() -> None:
    assert banks_in_force(date(2021, 12, 31)) == []
    assert len(banks_in_force(date(2026, 12, 5))) == 14


def test_an_account_number_is_digits_within_the_banks_bounds() -> None:
    bank = find_bank("970415")
    assert bank is not None
    assert bank.accepts("123456789012")
    assert not bank.accepts("12345")
    assert not bank.accepts("1" * 20)
    assert not bank.accepts("12345-6789")


def test_the_api_lists_the_banks_in_force_by_name(client: TestClient) -> None:
    banks = client.get("/api/v1/services/banks").json()
    assert [b["short_name"] for b in banks][:3] == ["ACB", "Agribank", "BIDV"]
    vietcombank = next(b for b in banks if b["bin"] == "970436")
    assert vietcombank["valid_from"] == "2022-01-01" and vietcombank["valid_to"] is None


def test_the_api_reads_the_list_on_a_day(client: TestClient) -> None:
    assert client.get("/api/v1/services/banks", params={"on": "2021-06-01"}).json() == []
    assert client.get("/api/v1/services/banks", params={"on": "someday"}).status_code == 422
