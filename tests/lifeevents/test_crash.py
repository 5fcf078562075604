"""The platform killed (SIGKILL) while a batch of notifications is handled: after a restart every
event is handled exactly once, counted from the inbox and the outcomes.

The worker handles the backlog as one set, so the kill comes while its first job is running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from ansinh.app import create_app
from ansinh.lifeevents import service
from sandbox.civil import notify
from tests.lifeevents.conftest import CALLBACK
from tests.sandbox.civil.conftest import make_sandboxes

ROOT = Path(__file__).parents[2]
BIRTHS = 120
FAST = {
    "ANSINH_WORKER_HEARTBEAT_SECONDS": "0.2",
    "ANSINH_WORKER_POLL_SECONDS": "0.2",
    "ANSINH_WORKER_STALLED_SECONDS": "1",
    "ANSINH_EVENT_RETRY_SECONDS": "600",
}
CHILDREN = "SELECT si_number FROM lifeevents_inbox WHERE si_number IS NOT NULL"
CLEAN = (
    f"DELETE FROM hi_cards WHERE si_number IN ({CHILDREN})",
    "DELETE FROM lifeevents_births",
    f"DELETE FROM persons WHERE si_number IN ({CHILDREN})",
    "DELETE FROM lifeevents_inbox",
    "DELETE FROM lifeevents_subscriptions",
    "DELETE FROM event_deliveries",
    "DELETE FROM outbox_events",
    "DELETE FROM procrastinate_jobs",
)


@pytest.fixture()
def committed(owner_engine: Engine) -> Iterator[None]:
    """This test commits; everything it made is removed afterwards (as the tables' owner)."""
    yield
    with owner_engine.begin() as connection:
        for statement in CLEAN:
            connection.execute(text(statement))


@pytest.fixture()
def start_platform(database_url: str) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start platform worker processes; every one still running is stopped after."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        env = os.environ | FAST | {"ANSINH_DATABASE_URL": database_url}
        code = "from ansinh.worker import worker; worker()"
        process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


def _until(condition: Callable[[], bool], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the platform")
        time.sleep(0.05)


def test_a_platform_killed_mid_batch_handles_every_event_once_after_restart(
    committed: None,
    database_url: str,
    engine: Engine,
    start_platform: Callable[[], subprocess.Popen[bytes]],
) -> None:
    with TestClient(create_app()) as platform:
        for sandboxes in make_sandboxes(database_url, platform):
            made = sandboxes.http.post(
                "/v1/subscriptions", json={"callback_url": CALLBACK}, headers=sandboxes.headers
            ).json()
            with Session(engine) as db_session, db_session.begin():
                jwks = sandboxes.http.get("/.well-known/jwks.json").json()
                service.add_subscription(
                    db_session=db_session,
                    subscription_id=made["subscription_id"],
                    source="civil-registry",
                    jwks=jwks,
                )
            born = date.today() - timedelta(days=3)
            for n in range(BIRTHS):
                body = {
                    "full_name": f"Nguyễn Văn Bé {n}",
                    "date_of_birth": born.isoformat(),
                    "sex": "M",
                    "province_code": "79",
                }
                sandboxes.http.post("/v1/births", json=body, headers=sandboxes.headers)
            assert notify.deliver_due(sandboxes.civil, platform) == (BIRTHS, 0)
    done = "SELECT count(*) FROM lifeevents_inbox WHERE state = 'done'"
    first = start_platform()
    doing = (
        "SELECT count(*) FROM procrastinate_jobs "
        "WHERE status = 'doing' AND task_name = 'lifeevents:handle'"
    )
    _until(lambda: _count(engine, doing) > 0)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert _count(engine, done) < BIRTHS, "the batch finished before the kill"
    start_platform()
    _until(lambda: _count(engine, done) == BIRTHS)
    assert _count(engine, "SELECT count(*) FROM lifeevents_inbox") == BIRTHS
    assert _count(engine, "SELECT count(DISTINCT event_id) FROM lifeevents_inbox") == BIRTHS
    assert _count(engine, "SELECT count(*) FROM lifeevents_births") == BIRTHS
    assert _count(engine, f"SELECT count(*) FROM persons WHERE si_number IN ({CHILDREN})") == BIRTHS
    cards = f"SELECT count(*) FROM hi_cards WHERE si_number IN ({CHILDREN})"
    assert _count(engine, cards) == BIRTHS
    registered = "SELECT count(*) FROM outbox_events WHERE name = 'BirthRegistered'"
    assert _count(engine, registered) == BIRTHS
