"""The group-commit check log: durable before the answer, one transaction for concurrent checks,
drained on shutdown, 503 (never an answer) when the write fails.

These tests commit for real (the log is append-only), so they use facility codes and client ids
that no other test uses, and log no person.
"""

from __future__ import annotations

import asyncio
from contextlib import nullcontext
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from ansinh.core.apool import conninfo
from ansinh.core.audit.models import AuditEvent
from ansinh.health.eligibility.checklog import (
    BatchWriter,
    CheckLogUnavailable,
    CheckRecord,
    new_check_id,
    write_checks,
)
from ansinh.health.eligibility.checks import Checking, checking
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


def _transactions(engine: Engine, client_id: str) -> int:
    """How many transactions wrote the client's rows (rows of one commit share their xmin)."""
    with engine.connect() as connection:
        return int(
            connection.scalar(
                text("SELECT count(DISTINCT xmin::text) FROM hi_checks WHERE client_id = :c"),
                {"c": client_id},
            )
            or 0
        )


async def _checks(writer: BatchWriter, client_id: str, n: int) -> list[BaseException | None]:
    outcomes = await asyncio.gather(
        *(writer.record(_record(client_id)) for _ in range(n)), return_exceptions=True
    )
    return [o if isinstance(o, BaseException) else None for o in outcomes]


def test_concurrent_checks_are_committed_in_one_transaction_before_record_returns(
    engine: Engine,
) -> None:
    async def scenario() -> None:
        writer = BatchWriter(conninfo(engine.url))
        writer.start()  # all 40 are queued before the writer task wakes: one batch
        assert await _checks(writer, "checklog-group", 40) == [None] * 40
        # Every record() returned, so every row is already visible from another connection.
        assert _count(engine, "checklog-group") == 40
        assert _transactions(engine, "checklog-group") == 1
        await writer.close()

    asyncio.run(scenario())


def test_waves_of_checks_share_commits(engine: Engine) -> None:
    async def clinic(writer: BatchWriter, n: int) -> None:
        for _ in range(n):
            await writer.record(_record("checklog-waves"))

    async def scenario() -> None:
        writer = BatchWriter(conninfo(engine.url))
        writer.start()
        await asyncio.gather(*(clinic(writer, 25) for _ in range(8)))
        await writer.close()

    asyncio.run(scenario())
    assert _count(engine, "checklog-waves") == 200
    assert _transactions(engine, "checklog-waves") < 200  # records queued during a commit wait


def test_close_writes_what_is_queued(engine: Engine) -> None:
    async def scenario() -> None:
        writer = BatchWriter(conninfo(engine.url))
        waiting = asyncio.ensure_future(writer.record(_record("checklog-close")))
        await asyncio.sleep(0)  # queued while the writer task is not running yet
        writer.start()
        await writer.close()
        await waiting

    asyncio.run(scenario())
    assert _count(engine, "checklog-close") == 1


def test_a_failed_commit_answers_503_for_the_whole_batch_and_writes_nothing(
    engine: Engine,
) -> None:
    # One record the statement refuses (a facility code longer than its column) fails the batch.
    bad = replace(_record("checklog-crash"), facility_code="x" * 10_000, result_code="x" * 9)

    async def scenario() -> list[BaseException | None]:
        writer = BatchWriter(conninfo(engine.url))
        records = [writer.record(_record("checklog-crash")) for _ in range(5)]
        outcomes = asyncio.gather(*records, writer.record(bad), return_exceptions=True)
        writer.start()
        done = list(await outcomes)
        await writer.close()
        return [o if isinstance(o, BaseException) else None for o in done]

    outcomes = asyncio.run(scenario())
    assert all(isinstance(o, CheckLogUnavailable) and o.status == 503 for o in outcomes)
    assert _count(engine, "checklog-crash") == 0


def test_a_database_that_does_not_answer_gives_503(engine: Engine) -> None:
    broken = conninfo(engine.url.set(database="no_such_database"))

    async def scenario() -> None:
        writer = BatchWriter(broken, timeout=2)
        writer.start()
        with pytest.raises(CheckLogUnavailable) as failure:
            await writer.record(_record("checklog-broken"))
        assert failure.value.status == 503
        await writer.close()

    asyncio.run(scenario())


def test_the_app_logs_through_the_writer_it_starts(
    client: TestClient, db_session: Session, engine: Engine
) -> None:
    headers = api_headers(db_session, "hi:eligibility", client_id="01998_BV")
    # The key is read in the test's (uncommitted) session; the lookup and the log go through the
    # app's own pool and writer.

    async def test_sessions(request: Request) -> Checking:
        return replace(await checking(request), sessions=lambda: nullcontext(db_session))

    client.app.dependency_overrides[checking] = test_sessions  # type: ignore[attr-defined]
    response = client.post(
        "/api/v1/hi/eligibility",
        json={"personal_id": "001185000123", "facility_code": "01998"},
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["code"] == "050"
    assert _count(engine, "01998_BV") >= 1  # committed by the writer, outside the test transaction


def test_every_field_of_a_check_and_its_audit_event_is_written(db_session: Session) -> None:
    check = replace(
        _record("test-roundtrip"),
        clerk_id=42,
        channel="gateway",
        key_kind="hi_card",
        si_number="0199800001",
        card_id=7,
        result_code="004",
    )
    write_checks(db_session.connection(), [check])
    stored = db_session.get(Check, check.check_id)
    assert stored is not None
    assert (
        stored.checked_at,
        stored.facility_code,
        stored.client_id,
        stored.clerk_id,
        stored.channel,
        stored.key_kind,
        stored.si_number,
        stored.card_id,
        stored.visit_date,
        stored.result_code,
    ) == (
        check.checked_at,
        "01998",
        "test-roundtrip",
        42,
        "gateway",
        "hi_card",
        "0199800001",
        7,
        date(2026, 11, 24),
        "004",
    )
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.subject == "0199800001")).one()
    assert (event.at, event.actor_id, event.action, event.resource) == (
        check.checked_at,
        "test-roundtrip",
        "read",
        "health.card",
    )
    assert (
        event.purpose
        == "HI eligibility check (gateway) at facility 01998 for a visit on 2026-11-24"
    )
