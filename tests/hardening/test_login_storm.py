"""Issue 18 item 1: a storm of failed officer logins does not stall clinic checks.

The real app runs under uvicorn in its own process; 100 failed logins (each an argon2 check)
arrive at once while clinic checks keep asking. Each check must answer within a second.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.hardening.conftest import FACILITY, OFFICER, Seeded

LOGINS = 100
CHECK_BOUND = 1.0


async def _failed_login(http: httpx.AsyncClient, token: str) -> int:
    answer = await http.post(
        "/officer/login",
        data={"username": OFFICER, "password": "not the password", "csrf": token},
    )
    return answer.status_code


async def _checks_until(
    done: asyncio.Event, http: httpx.AsyncClient, seeded: Seeded
) -> list[tuple[int, float]]:
    answers = []
    body = {"personal_id": seeded.personal_id, "facility_code": FACILITY}
    headers = {"Authorization": f"Bearer {seeded.clinic_key}"}
    while not done.is_set():
        started = time.perf_counter()
        answer = await http.post("/api/v1/hi/eligibility", json=body, headers=headers)
        answers.append((answer.status_code, time.perf_counter() - started))
        await asyncio.sleep(0.02)
    return answers


async def _storm(base: str, seeded: Seeded) -> tuple[list[int], list[tuple[int, float]]]:
    token = "storm-csrf-token-" + "x" * 20
    limits = httpx.Limits(max_connections=LOGINS + 10)
    async with (
        httpx.AsyncClient(
            base_url=base, timeout=120, limits=limits, cookies={"login_csrf": token}
        ) as logins,
        httpx.AsyncClient(base_url=base, timeout=30) as clinic,
    ):
        warm = await _checks_until_one(clinic, seeded)
        assert warm == 200
        done = asyncio.Event()
        checkers = [asyncio.create_task(_checks_until(done, clinic, seeded)) for _ in range(3)]
        await asyncio.sleep(0.1)
        statuses = await asyncio.gather(*(_failed_login(logins, token) for _ in range(LOGINS)))
        done.set()
        checks = [answer for batch in await asyncio.gather(*checkers) for answer in batch]
    return list(statuses), checks


async def _checks_until_one(http: httpx.AsyncClient, seeded: Seeded) -> int:
    answer = await http.post(
        "/api/v1/hi/eligibility",
        json={"personal_id": seeded.personal_id, "facility_code": FACILITY},
        headers={"Authorization": f"Bearer {seeded.clinic_key}"},
    )
    return answer.status_code


def test_clinic_checks_answer_within_a_second_during_a_login_storm(
    live_server: str, seeded: Seeded
) -> None:
    statuses, checks = asyncio.run(_storm(live_server, seeded))
    assert statuses == [401] * LOGINS
    assert len(checks) >= 10
    assert {status for status, _ in checks} == {200}
    slowest = max(seconds for _, seconds in checks)
    assert slowest < CHECK_BOUND, f"slowest clinic check took {slowest:.2f} s"
