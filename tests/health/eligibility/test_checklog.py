"""The group-commit check log: durable before the answer, drained on shutdown, 503 when down.

These tests commit for real (the log is append-only), so they use facility codes and client ids
that no other test uses, and log no person.
"""

from __future__ import annotations

import threading
from contextlib import nullcontext
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session

from ansinh.health.eligibility.checklog import (
    BatchWriter,
    CheckLogUnavailable,
    CheckRecord,
    new_check_id,
)
from ansinh.health.eligibility.checks import read_sessions
from ansinh.health.models import Check
from tests.conftest import api_headers


def _record(client_id: str) -> CheckRecord:
    return CheckRecord(
        check_id=new_check_id(),
        checked_at=datetime.now(UTC),
        facility_code="01998",
        client_id=client_id,
        clerk_id=None,
        channel="api",
        key_kind="personal_id",
        si_number=None,
        card_id=None,
        visit_date=date(2026, 11, 24),
        result_code="050",
    )


def _count(engine: Engine, client_id: str) -> int:
    with engine.connect() as connection:
        return int(
            connection.scalar(
                select(func.count()).select_from(Check).where(Check.client_id == client_id)
            )
            or 0
        )


def test_concurrent_checks_are_committed_before_record_returns(engine: Engine) -> None:
    writer = BatchWriter(engine)
    writer.start()
    committed: list[int] = []

    def clinic(n: int) -> None:
        for _ in range(n):
            writer.record(_record("checklog-concurrent"))
        committed.append(n)

    threads = [threading.Thread(target=clinic, args=(25,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Every record() returned, so every row is already visible from another connection.
    assert _count(engine, "checklog-concurrent") == sum(committed) == 200
    writer.close()


def test_close_writes_what_is_queued(engine: Engine) -> None:
    writer = BatchWriter(engine)
    waiting = threading.Thread(target=writer.record, args=(_record("checklog-close"),))
    waiting.start()  # queued while the writer thread is not running yet
    writer.start()
    waiting.join()
    writer.close()
    assert _count(engine, "checklog-close") == 1


def test_a_database_that_does_not_answer_gives_503(engine: Engine) -> None:
    broken = engine.url.set(database="no_such_database")
    writer = BatchWriter(create_engine(broken), timeout=2)
    writer.start()
    with pytest.raises(CheckLogUnavailable) as failure:
        writer.record(_record("checklog-broken"))
    assert failure.value.status == 503
    writer.close()


def test_the_app_logs_through_the_writer_it_starts(
    client: TestClient, db_session: Session, engine: Engine
) -> None:
    headers = api_headers(db_session, "hi:eligibility", client_id="01998_BV")
    # Reads see the test's (uncommitted) client; the log goes through the app's own writer.
    client.app.dependency_overrides[read_sessions] = lambda: lambda: nullcontext(db_session)  # type: ignore[attr-defined]
    response = client.post(
        "/api/v1/hi/eligibility",
        json={"personal_id": "001185000123", "facility_code": "01998"},
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["code"] == "050"
    assert _count(engine, "01998_BV") >= 1  # committed by the writer, outside the test transaction
