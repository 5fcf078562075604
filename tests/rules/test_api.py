"""Rules over HTTP and the command line: amount + trace, parameters at a date, clear errors."""

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ansinh.cli import app

CASE = {"month": "2026-07-01", "salary": 60_000_000}


def test_calculate_returns_the_amount_and_a_trace_with_sources(client: TestClient) -> None:
    response = client.post("/api/v1/rules/contributions/calculate", json=CASE)
    assert response.status_code == 200
    result = response.json()
    assert result["amount"] == 16_380_000 and result["law_date"] == "2026-07-01"
    reference_level = next(s for s in result["trace"] if s["name"] == "general/reference_level")
    assert reference_level["value"] == 2_530_000
    assert reference_level["effective_from"] == "2026-07-01"
    assert reference_level["source"].startswith("Decree 161/2026")
    assert {"input", "parameter", "amount"} <= {s["kind"] for s in result["trace"]}


def test_a_bad_case_is_a_problem_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/rules/contributions/calculate", json={"month": "2026-07-01"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "salary" in response.json()["detail"]


def test_an_unknown_benefit_is_a_404_problem(client: TestClient) -> None:
    response = client.post("/api/v1/rules/lottery/calculate", json={})
    assert response.status_code == 404
    assert "lottery" in response.json()["detail"]


def test_parameters_are_listed_with_the_value_in_force_on_a_date(client: TestClient) -> None:
    before = client.get("/api/v1/rules/parameters", params={"on": "2026-06-30"}).json()
    after = client.get("/api/v1/rules/parameters", params={"on": "2026-07-01"}).json()
    rl = {p["name"]: p["value"] for p in before}["general/reference_level"]
    assert (rl, {p["name"]: p["value"] for p in after}["general/reference_level"]) == (
        2_340_000,
        2_530_000,
    )


def test_benefits_list_their_input_schema(client: TestClient) -> None:
    benefits = {b["name"]: b for b in client.get("/api/v1/rules/benefits").json()}
    assert "salary" in benefits["contributions"]["input_schema"]["properties"]


def test_the_cli_calculates_a_case_file(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE))
    result = CliRunner().invoke(app, ["rules", "calc", "contributions", "--input", str(case)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["amount"] == 16_380_000


def test_the_cli_explains_a_bad_case(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"month": "2026-07-01", "salary": -5}))
    result = CliRunner().invoke(app, ["rules", "calc", "contributions", "--input", str(case)])
    assert result.exit_code != 0
    assert "salary" in result.output
