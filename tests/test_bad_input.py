"""Every endpoint answers bad input with a 4xx problem+json that states a reason."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.app import create_app
from ansinh.cli import app as cli
from tests.conftest import api_headers

NO_INPUT = {
    "/healthz",
    "/livez",
    "/api/v1/rules/benefits",
    "/.well-known/jwks.json",
    "/fhir/r4/metadata",
}
# Public aggregate JSON without parameters. Portal HTML pages and the e-ID login/callback are not
# in the OpenAPI schema (they answer as pages); tests/portal/test_pages.py checks their bad input.
NO_INPUT |= {"/api/v1/scorecard", "/api/v1/services"}
BAD_QUERY = {
    "page": "0",
    "size": "100000",
    "on": "not-a-date",
    "era": "bronze",
    "province_code": "7",
    "auth_status": "maybe",
}


def _routes() -> list[tuple[str, str]]:
    paths = create_app().openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        if path not in NO_INPUT
        for method in operations
    )


def _bad_request(method: str, path: str) -> tuple[str, dict[str, str], object]:
    """Break the path parameters if there are any, else the body or the query."""
    if "{" in path:
        return re.sub(r"\{[^}]+\}", "%20bad%20", path), {}, {}
    if method in {"POST", "PATCH", "PUT"}:
        return path, {}, {"unexpected": ["not", "a", "valid", "body"]}
    return path, BAD_QUERY, None


@pytest.mark.parametrize(("method", "path"), _routes())
def test_bad_input_is_a_problem_with_a_reason(
    client: TestClient, officer_headers: dict[str, str], method: str, path: str
) -> None:
    url, params, body = _bad_request(method, path)
    response = client.request(method, url, params=params, json=body, headers=officer_headers)
    assert 400 <= response.status_code < 500, (method, path, response.status_code)
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == response.status_code
    assert len(problem["detail"]) > 5


def test_every_route_with_input_is_covered() -> None:
    assert len(_routes()) >= 14


ALL_SCOPES = (
    "registry:read",
    "registry:write",
    "contributions:read",
    "contributions:declare",
    "contributions:collect",
    "contributions:enrol",
    "hi:admin",
    "hi:cards:read",
    "hi:cards:write",
    "hi:stats",
    "hi:eligibility",
    "benefits:claim",
)
HUGE = str(10**20)
BEYOND_64_BITS = str(2**64)


@pytest.fixture()
def staff_headers(db_session: Session) -> dict[str, str]:
    """A client holding every scope, so bad input is judged rather than refused at the door."""
    return api_headers(db_session, *ALL_SCOPES, client_id="79011_BV")


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    paths = create_app().openapi()["paths"]
    return [
        (method.upper(), path, operation)
        for path, operations in sorted(paths.items())
        for method, operation in operations.items()
    ]


def _assert_problem(response: Any, *words: str) -> None:
    assert 400 <= response.status_code < 500, (response.request.url, response.status_code)
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    for word in words:
        assert word in detail, detail


def _sample(parameter: dict[str, Any]) -> str:
    if parameter["schema"].get("type") == "integer":
        return "1"
    return {"unit_code": "TA00001", "month": "2026-01", "si_number": "7900000001"}.get(
        parameter["name"], "79011"
    )


PAGED = [
    (m, p) for m, p, o in _operations() if any(q["name"] == "page" for q in o.get("parameters", []))
]
WITH_IDS = [
    (m, p, o)
    for m, p, o in _operations()
    if any(
        q["in"] == "path" and q["schema"].get("type") == "integer" for q in o.get("parameters", [])
    )
]


@pytest.mark.parametrize(("method", "path"), PAGED)
@pytest.mark.parametrize("page", [HUGE, str(2**62)])
def test_a_huge_page_number_is_a_problem(
    client: TestClient, staff_headers: dict[str, str], method: str, path: str, page: str
) -> None:
    url = re.sub(r"\{[^}]+\}", lambda m: _sample({"name": m.group(0)[1:-1], "schema": {}}), path)
    body = {"full_name": "Nguyễn Thị Lan"} if method == "POST" else None
    response = client.request(method, url, params={"page": page}, json=body, headers=staff_headers)
    _assert_problem(response, "page")


@pytest.mark.parametrize(("method", "path", "operation"), WITH_IDS)
def test_an_id_beyond_64_bits_is_a_problem(
    client: TestClient,
    staff_headers: dict[str, str],
    method: str,
    path: str,
    operation: dict[str, Any],
) -> None:
    url = path
    for parameter in operation["parameters"]:
        if parameter["in"] == "path":
            value = (
                BEYOND_64_BITS
                if parameter["schema"].get("type") == "integer"
                else _sample(parameter)
            )
            url = url.replace(f"{{{parameter['name']}}}", value)
    response = client.request(
        method, url, json={} if method == "POST" else None, headers=staff_headers
    )
    _assert_problem(response)


def test_operations_with_ids_and_pages_are_found() -> None:
    assert len(PAGED) >= 10 and len(WITH_IDS) >= 5


@pytest.mark.parametrize(
    ("method", "url", "body", "word"),
    [
        ("GET", "/api/v1/contributions/arrears?on=2000-01-01", None, "2000-01-01"),
        ("GET", "/api/v1/contributions/employers/TA00001/statements/0000-01", None, "month"),
        (
            "POST",
            "/api/v1/rules/contributions/calculate",
            {"month": "1900-01-01", "salary": 5_000_000},
            "1900",
        ),
        ("POST", "/api/v1/rules/sickness/calculate", {"start": "1900-01-01"}, ""),
    ],
)
def test_dates_outside_the_law_are_problems(
    client: TestClient,
    staff_headers: dict[str, str],
    method: str,
    url: str,
    body: dict[str, Any] | None,
    word: str,
) -> None:
    _assert_problem(client.request(method, url, json=body, headers=staff_headers), word)


def test_the_cli_refuses_a_date_before_the_law_without_a_traceback(tmp_path: Any) -> None:
    case = tmp_path / "case.json"
    case.write_text('{"month": "1900-01-01", "salary": 5000000}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "calc", "contributions", "--input", str(case)])
    assert result.exit_code != 0
    assert "(the first is from" in result.output and "Traceback" not in result.output


NUL_PERSON = {
    "personal_id": "079190123456",
    "full_name": "Nguyễn Thị Lan",
    "date_of_birth": "1990-05-17",
    "sex": "F",
    "province_code": "79",
}


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/registry/persons", NUL_PERSON | {"full_name": "Nguyễn\x00Thị Lan"}),
        ("/api/v1/registry/persons", NUL_PERSON | {"address": "Số 1\x00 Lê Lợi"}),
        ("/api/v1/registry/persons/search", {"full_name": "Lan\x00"}),
        (
            "/api/v1/registry/employers",
            {"unit_code": "TA00099", "name": "Công ty\x00 A", "province_code": "79"},
        ),
        (
            "/api/v1/hi/facilities",
            {"code": "79099", "name": "Trạm\x00 Y tế", "level": "primary", "province_code": "79"},
        ),
        (
            "/api/v1/hi/facilities/79011/users",
            {"personal_id": "079090000123", "full_name": "Lê\x00 Văn Tám"},
        ),
    ],
)
def test_a_nul_character_in_a_name_or_address_is_refused(
    client: TestClient, staff_headers: dict[str, str], url: str, body: dict[str, Any]
) -> None:
    response = client.post(url, json=body, headers=staff_headers)
    assert response.status_code == 422, response.text
    _assert_problem(response, "control character")


def test_every_operation_documents_its_problem_answers() -> None:
    for method, path, operation in _operations():
        documented = operation["responses"].get("4XX", {}).get("content", {})
        assert "application/problem+json" in documented, (method, path)
