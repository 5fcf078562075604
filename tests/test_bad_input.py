"""Every endpoint answers bad input with a 4xx problem+json that states a reason."""

import re

import pytest
from fastapi.testclient import TestClient

from ansinh.app import create_app

NO_INPUT = {"/healthz", "/api/v1/rules/benefits", "/.well-known/jwks.json", "/fhir/r4/metadata"}
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
