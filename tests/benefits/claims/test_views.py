"""The officers' API: open a claim from a dossier, queue, four eyes, entitlements as CSV."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.cli import app as cli
from tests.conftest import api_headers

from .conftest import Insure


def test_an_officer_opens_a_pension_claim_and_another_approves_it(
    client: TestClient, db_session: Session, insure: Insure
) -> None:
    si = insure(sex="M", born=date(1961, 1, 1), first=date(1995, 1, 1))
    maker = api_headers(db_session, "benefits:decide", "benefits:read", client_id="officer-a")
    checker = api_headers(db_session, "benefits:decide", client_id="officer-b")
    opened = client.post(
        "/api/v1/benefits/claims",
        json={"si_number": si, "branch": "pension", "period_from": "2026-12-01", "channel": "cash"},
        headers=maker,
    )
    assert opened.status_code == 201, opened.text
    claim = opened.json()
    assert claim["status"] == "pending_approval" and claim["due_on"]
    queue = client.get("/api/v1/benefits/queue", params={"province": "79"}, headers=checker)
    assert claim["reference"] in [item["reference"] for item in queue.json()]
    own = client.post(f"/api/v1/benefits/claims/{claim['reference']}/approve", headers=maker)
    assert own.status_code == 403
    assert own.headers["content-type"] == "application/problem+json"
    approved = client.post(f"/api/v1/benefits/claims/{claim['reference']}/approve", headers=checker)
    assert approved.status_code == 200, approved.text
    assert approved.json()["checker"] == "client:officer-b"
    dossier = client.get(f"/api/v1/benefits/claims/{claim['reference']}", headers=maker).json()
    assert [step["status"] for step in dossier["timeline"]] == [
        "received",
        "pending_approval",
        "granted",
    ]
    assert dossier["decisions"][0]["trace"]["benefit"] == "pension"
    exported = client.get("/api/v1/benefits/entitlements.csv", headers=maker)
    assert exported.status_code == 200
    assert si in exported.text and exported.text.startswith("entitlement_id,")


def test_claims_need_their_scopes(client: TestClient, db_session: Session) -> None:
    reader = api_headers(db_session, "benefits:read")
    answer = client.get("/api/v1/benefits/queue", params={"province": "79"}, headers=reader)
    assert answer.status_code == 403


def test_a_bad_claim_line_is_a_problem_with_a_reason(
    client: TestClient, db_session: Session, insure: Insure
) -> None:
    officer = api_headers(db_session, "benefits:decide")
    answer = client.post(
        "/api/v1/benefits/claims",
        json={
            "si_number": insure(),
            "branch": "work_injury",
            "period_from": "2026-09-01",
            "channel": "cash",
            "facts": {"cause": "boredom"},
        },
        headers=officer,
    )
    assert answer.status_code == 422
    assert "cause" in answer.json()["detail"]


def test_the_command_line_lists_the_queue() -> None:
    result = CliRunner().invoke(cli, ["claims", "queue", "79"])
    assert result.exit_code == 0, result.output
