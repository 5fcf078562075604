"""The centre sandbox on its own: its reading of the law, and deliveries retried until acked."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from sandbox.database import conninfo
from sandbox.employment import law, notify, store
from sandbox.employment.app import create_app, every
from sandbox.factory import key_hash

KEY = "centre-key"
RECORD = {
    "ui_months": 40,
    "reserved_months": 0,
    "last_six": [{"month": "2026-05-01", "salary": 10_000_000}] * 6,
    "termination": {"ended_on": "2026-10-15"},
}


def test_amount_is_capped_and_months_grow_by_twelve() -> None:
    on = date(2026, 10, 15)
    assert law.monthly_amount([10_000_000] * 6, on) == 6_000_000
    assert law.monthly_amount([90_000_000] * 6, on) == 26_550_000
    assert [law.benefit_months(m, on) for m in (11, 12, 36, 48, 200)] == [0, 3, 3, 4, 12]


@pytest.fixture()
def centre(database_url: str) -> Iterator[tuple[TestClient, store.Centre, list[int]]]:
    """A centre whose platform answers the record and acknowledges as `answers` says."""
    answers: list[int] = []

    def platform(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/records"):
            return httpx.Response(200, json={"record": RECORD, "jws": "x"})
        return httpx.Response(answers.pop(0) if answers else 200)

    fake = httpx.Client(transport=httpx.MockTransport(platform), base_url="http://platform")
    held = store.Centre(conninfo(database_url), schema=f"employment_{uuid.uuid4().hex[:12]}")
    app = create_app(
        held, platform=fake, notifier=fake, clients={key_hash(KEY): "t"}, deliver_every=None
    )
    with TestClient(app, headers={"X-API-Key": KEY}) as http:
        yield http, held, answers


def test_a_decision_is_retried_until_the_platform_acknowledges(
    centre: tuple[TestClient, store.Centre, list[int]],
) -> None:
    http, held, answers = centre
    claim = {
        "claim_id": str(uuid.uuid4()),
        "province_code": "79",
        "personal_id": "079190000001",
        "terminated_on": "2026-10-15",
        "filed_on": "2026-11-02",
    }
    assert http.post("/v1/claims", json=claim).json()["new"] is True
    assert http.post("/v1/claims", json=claim).json()["new"] is False
    grant = http.post(f"/v1/claims/{claim['claim_id']}/assess", json={}).json()
    assert (grant["kind"], grant["seq"]) == ("grant", 1)
    answers.extend([503, 500])
    now = datetime.now(UTC)
    assert notify.deliver_due(held, http_client(centre), "http://platform/n", now=now) == (0, 1)
    assert notify.deliver_due(held, http_client(centre), "http://platform/n", now=now) == (0, 0)
    later = now + timedelta(seconds=3)
    assert notify.deliver_due(held, http_client(centre), "http://platform/n", now=later) == (0, 1)
    latest = now + timedelta(minutes=1)
    assert notify.deliver_due(held, http_client(centre), "http://platform/n", now=latest) == (1, 0)
    again = http.post(f"/v1/claims/{claim['claim_id']}/assess", json={})
    assert again.status_code == 409


def http_client(centre: tuple[TestClient, store.Centre, list[int]]) -> httpx.Client:
    """The centre's notifier (the fake platform)."""
    notifier: httpx.Client = centre[0].app.state.notifier  # type: ignore[attr-defined]
    return notifier


def test_a_round_the_platform_does_not_answer_is_a_warning_and_the_rounds_go_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stop, rounds = threading.Event(), []

    def unanswered() -> None:
        rounds.append(1)
        if len(rounds) == 2:
            stop.set()
        raise httpx.ConnectError("connection refused")

    with caplog.at_level(logging.WARNING, logger="sandbox.employment.app"):
        every(unanswered, stop, period=0.01)
    assert len(rounds) == 2
    assert [r.levelname for r in caplog.records] == ["WARNING", "WARNING"]
    assert all(r.exc_info is None for r in caplog.records)  # no traceback
