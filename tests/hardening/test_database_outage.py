"""Issue 18 item 5: with PostgreSQL down every route answers 503 with a reason and Retry-After,
and the platform recovers by itself when the database returns (item 9's logs stay clean too).

The live server runs on the hardening tests' own PostgreSQL, which this test stops and restarts.
"""

from __future__ import annotations

import time

import httpx

from tests.hardening.conftest import FACILITY, OwnDatabase, Seeded

RETRY_AFTER = "7"  # what the live server is configured to tell callers


def _calls(http: httpx.Client, seeded: Seeded) -> dict[str, httpx.Response]:
    clinic = {"Authorization": f"Bearer {seeded.clinic_key}"}
    reader = {"Authorization": f"Bearer {seeded.registry_key}", "X-Purpose": "outage test"}
    return {
        "clinic check": http.post(
            "/api/v1/hi/eligibility",
            json={"personal_id": seeded.personal_id, "facility_code": FACILITY},
            headers=clinic,
        ),
        "registry read": http.get("/api/v1/registry/persons", params={"size": 1}, headers=reader),
    }


def _recovered(http: httpx.Client, seeded: Seeded) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if all(a.status_code == 200 for a in _calls(http, seeded).values()):
            return True
        time.sleep(0.5)
    return False


def test_a_database_outage_answers_503_and_recovers(
    live_server: str, own_database: OwnDatabase, seeded: Seeded
) -> None:
    with httpx.Client(base_url=live_server, timeout=30) as http:
        assert {k: a.status_code for k, a in _calls(http, seeded).items()} == {
            "clinic check": 200,
            "registry read": 200,
        }
        own_database.stop()
        try:
            down = _calls(http, seeded)
            gateway = http.post("/api/token/take", data={"username": "79011_BV", "password": "x"})
            health = http.get("/healthz")
            alive = http.get("/livez")
        finally:
            own_database.start()
        for name, answer in down.items():
            assert answer.status_code == 503, name
            assert answer.headers["content-type"] == "application/problem+json", name
            assert answer.headers["Retry-After"] == RETRY_AFTER, name
            assert "cơ sở dữ liệu" in answer.json()["detail"], name
        assert gateway.status_code == 503 and gateway.headers["Retry-After"] == RETRY_AFTER
        assert gateway.json()["maKetQua"] and gateway.json()["ghiChu"]
        assert health.status_code == 503 and health.headers["Retry-After"] == RETRY_AFTER
        assert alive.status_code == 200  # the process is alive: no restart for a database outage
        assert _recovered(http, seeded)
