"""Employers and employments: registration, overlap refusal, salary history."""

from typing import Any

from fastapi.testclient import TestClient

from tests.registry.test_persons_api import LAN, PERSONS

API = "/api/v1/registry"
EMPLOYER = {
    "unit_code": "TA1234A",
    "tax_code": "0301234567",
    "name": "Công ty TNHH Sao Mai",
    "province_code": "79",
    "wage_region": "I",
}


def _setup(client: TestClient, headers: dict[str, str]) -> str:
    assert client.post(f"{API}/employers", json=EMPLOYER, headers=headers).status_code == 201
    return str(client.post(PERSONS, json=LAN, headers=headers).json()["si_number"])


def _employ(client: TestClient, headers: dict[str, str], si: str, **extra: Any) -> Any:
    body = {
        "si_number": si,
        "unit_code": "TA1234A",
        "start_date": "2024-01-01",
        "contract_type": "indefinite",
        "salary": 6_000_000,
    } | extra
    return client.post(f"{API}/employments", json=body, headers=headers)


def test_an_employment_keeps_its_salary_history(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    si = _setup(client, officer_headers)
    employment = _employ(client, officer_headers, si).json()
    eid = employment["employment_id"]
    raised = client.post(
        f"{API}/employments/{eid}/salaries",
        json={"effective_from": "2025-01-01", "amount": 7_000_000},
        headers=officer_headers,
    )
    assert raised.status_code == 201
    history = client.get(f"{PERSONS}/{si}/employments", headers=officer_headers).json()
    assert [s["amount"] for s in history[0]["salaries"]] == [6_000_000, 7_000_000]


def test_overlapping_employments_with_the_same_employer_are_refused(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    si = _setup(client, officer_headers)
    assert _employ(client, officer_headers, si, end_date="2024-12-31").status_code == 201
    overlap = _employ(client, officer_headers, si, start_date="2024-06-01")
    assert overlap.status_code == 409
    assert _employ(client, officer_headers, si, start_date="2025-01-01").status_code == 201


def test_employment_for_an_unknown_employer_is_refused_with_the_reason(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    si = _setup(client, officer_headers)
    response = _employ(client, officer_headers, si, unit_code="ZZ9999Z")
    assert response.status_code == 422
    assert "ZZ9999Z" in response.json()["detail"]


def test_salary_outside_the_employment_period_is_refused(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    si = _setup(client, officer_headers)
    eid = _employ(client, officer_headers, si, end_date="2024-06-30").json()["employment_id"]
    response = client.post(
        f"{API}/employments/{eid}/salaries",
        json={"effective_from": "2024-07-01", "amount": 7_000_000},
        headers=officer_headers,
    )
    assert response.status_code == 422


def test_duplicate_employer_tax_code_is_a_conflict(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    _setup(client, officer_headers)
    response = client.post(
        f"{API}/employers", json=EMPLOYER | {"unit_code": "TB0001B"}, headers=officer_headers
    )
    assert response.status_code == 409
    assert "tax_code" in response.json()["detail"]


def test_employers_are_listed_by_province(
    client: TestClient, officer_headers: dict[str, str]
) -> None:
    _setup(client, officer_headers)
    assert (
        client.get(
            f"{API}/employers", params={"province_code": "79"}, headers=officer_headers
        ).json()["total"]
        == 1
    )
    assert (
        client.get(
            f"{API}/employers", params={"province_code": "01"}, headers=officer_headers
        ).json()["total"]
        == 0
    )
    assert client.get(f"{API}/employers/TA1234A", headers=officer_headers).status_code == 200
