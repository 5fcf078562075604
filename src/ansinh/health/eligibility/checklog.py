"""The durable check log: one `hi_checks` row (and one audit event) per eligibility check.

Design: group commit. A request hands its record to `BatchWriter.record`, which puts it on a
bounded queue and awaits a future that one of a few background asyncio tasks resolves once the
record is committed. A task takes everything queued (up to `max_batch`) and writes it with ONE
statement on its own async autocommit connection: an INSERT into `hi_checks` from arrays
(`unnest`), whose RETURNING rows feed the INSERT into `audit_events` in the same statement, so both
land atomically in one round trip and one WAL flush. Under load many requests share that statement
and its commit (the records queued while batches are being committed form the next ones; several
tasks let several commits overlap), so there is no per-request commit; when idle, a record is
written at once, so latency stays low. On the event loop there is no thread hop and no lock: a
waiting request costs a future. (COPY was tried first: it needs several round trips per table,
which cost more than it saves at the batch sizes a clinic load produces.)

Why wait for the commit instead of answering first: a clinic never holds an answer whose check is
not on disk, so the count of verification turns and the audit trail are exact even if the process
is killed. If the log cannot be written within `timeout` (queue full, database down) the request
fails with 503 rather than answer unlogged. Shutdown drains the queue before the process exits.
A record may be committed for a request that then timed out; the log errs on the side of more.

Audit: each row says who (API client, and for the gateway the facility clerk), whose (SI number,
never the personal ID), when (`checked_at`), where and why (facility, channel, visit date: an
eligibility check for treatment); the matching `audit_events` row, written in the same batch, puts
the read in the person's own audit view next to every other read of their data.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from psycopg import AsyncConnection
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from ansinh.core.db import driver_connection, driver_sql
from ansinh.core.errors import ProblemError

log = logging.getLogger(__name__)
CHECK_COLUMNS: dict[str, str] = {
    "check_id": "uuid",
    "checked_at": "timestamptz",
    "facility_code": "text",
    "client_id": "text",
    "clerk_id": "bigint",
    "channel": "text",
    "key_kind": "text",
    "si_number": "text",
    "card_id": "bigint",
    "visit_date": "date",
    "result_code": "text",
}
# One statement: the checks, then an audit event for each check that read someone's data. The batch
# travels as one JSON array of rows: psycopg adapts a list per column element by element, which
# cost more Python time per batch (≈ 80 µs for two checks) than the rest of the write (≈ 10 µs).
_WRITE = text(
    f"""
WITH logged AS (
  INSERT INTO hi_checks ({", ".join(CHECK_COLUMNS)})
  SELECT {", ".join(f"CAST(r ->> {n} AS {t})" for n, t in enumerate(CHECK_COLUMNS.values()))}
  FROM jsonb_array_elements(CAST(:rows AS jsonb)) AS r
  RETURNING checked_at, client_id, si_number, channel, facility_code, visit_date
)
INSERT INTO audit_events (at, actor_kind, actor_id, subject, action, resource, purpose)
SELECT checked_at, 'client', client_id, si_number, 'read', 'health.card',
       'HI eligibility check (' || channel || ') at facility ' || facility_code
       || ' for a visit on ' || visit_date
FROM logged WHERE si_number IS NOT NULL
"""
)
_WRITE_SQL = driver_sql(_WRITE)


class CheckLogUnavailable(ProblemError):
    """The check could not be logged, so it is not answered."""

    status = 503
    title = "Check log unavailable"

    def __init__(self) -> None:
        super().__init__("the check could not be recorded; try again shortly")


@dataclass(frozen=True, slots=True)
class CheckRecord:
    """One eligibility check as logged."""

    check_id: uuid.UUID
    checked_at: datetime
    facility_code: str
    client_id: str
    clerk_id: int | None
    channel: str
    key_kind: str
    si_number: str | None
    card_id: int | None
    visit_date: date
    result_code: str


def new_check_id() -> uuid.UUID:
    """A time-ordered UUID (version 7 layout), so the log's key index grows at its end."""
    millis = time.time_ns() // 1_000_000
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 9562 variant
    return uuid.UUID(int=value)


def write_checks(connection: Connection, records: Sequence[CheckRecord]) -> None:
    """Insert `records` into `hi_checks`, and their audit events, in one statement."""
    driver_connection(connection).execute(_WRITE_SQL, _rows(records))


def _rows(records: Sequence[CheckRecord]) -> dict[str, str]:
    return {"rows": json.dumps([_row(r) for r in records])}


def _row(r: CheckRecord) -> list[Any]:
    # In the order of CHECK_COLUMNS.
    return [
        str(r.check_id),
        r.checked_at.isoformat(),
        r.facility_code,
        r.client_id,
        r.clerk_id,
        r.channel,
        r.key_kind,
        r.si_number,
        r.card_id,
        r.visit_date.isoformat(),
        r.result_code,
    ]


class CheckLog(Protocol):
    """Where checks are recorded; `record` returns once the check is durable."""

    async def record(self, check: CheckRecord) -> None:
        """Record one check."""


class SessionCheckLog:
    """Writes checks in a session's own transaction (tests, and one-off jobs)."""

    def __init__(self, db_session: Session) -> None:
        self._session = db_session

    async def record(self, check: CheckRecord) -> None:
        """Write the check now; it commits with the session."""
        write_checks(self._session.connection(), [check])


_Pending = tuple[CheckRecord, "asyncio.Future[bool]"]


class _Lane:
    """One writer task's own autocommit connection, opened again after a failure."""

    def __init__(self, conninfo: str, timeout: float) -> None:
        self._conninfo, self._timeout = conninfo, timeout
        self._connection: AsyncConnection[Any] | None = None

    async def write(self, records: list[CheckRecord]) -> None:
        """Write the records in one statement (autocommit: one round trip, one commit).

        A connection the database dropped (it restarted) is replaced and the batch sent once more;
        if the first attempt had in fact committed, the second fails on the check ids and the
        checks answer 503 although logged: the log errs on the side of more.
        """
        for attempt in (1, 2):
            connection = await self._connected()
            try:
                await connection.execute(_WRITE_SQL, _rows(records))
                return
            except Exception:
                dropped = connection.broken  # read before closing: a closed one is not "broken"
                await self.close()  # a fresh connection for the next batch
                if attempt == 2 or not dropped:
                    raise

    async def close(self) -> None:
        """Close the connection, if open."""
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    async def _connected(self) -> AsyncConnection[Any]:
        if self._connection is not None and not self._connection.closed:
            return self._connection
        connection: AsyncConnection[Any] = await asyncio.wait_for(
            AsyncConnection.connect(self._conninfo, autocommit=True), self._timeout
        )
        self._connection = connection
        return connection


class BatchWriter:
    """Group commit of checks by a few asyncio tasks, each on its own autocommit connection.

    One task would commit one batch at a time, so under load every check would wait for the
    commit before its own; with `writers` tasks, up to that many batches are committed at once
    (PostgreSQL flushes their WAL together), and each takes whatever has queued meanwhile. Two,
    not more: at a few concurrent checks, four tasks committed almost every check on its own,
    and a commit costs the server more than the rows it carries (measured in docs/benchmarks.md).
    """

    def __init__(
        self,
        conninfo: str,
        *,
        writers: int = 2,
        max_batch: int = 1000,
        capacity: int = 20_000,
        timeout: float = 5.0,
    ) -> None:
        # Private connections: the writers never wait for the request pool.
        self._lanes = [_Lane(conninfo, timeout) for _ in range(writers)]
        self._queue: asyncio.Queue[_Pending | None] = asyncio.Queue(maxsize=capacity)
        self._max_batch = max_batch
        self._timeout = timeout
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Start the writer tasks on the running loop."""
        self._tasks = [
            asyncio.create_task(self._run(lane), name=f"hi-check-log-{n}")
            for n, lane in enumerate(self._lanes)
        ]

    async def record(self, check: CheckRecord) -> None:
        """Queue the check and wait until it is committed; 503 if that takes too long."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[bool] = loop.create_future()
        try:
            self._queue.put_nowait((check, done))
        except asyncio.QueueFull:
            raise CheckLogUnavailable() from None
        # A timer rather than `asyncio.wait_for`, whose wrapping costs more than the wait itself;
        # a late commit finds the future settled and leaves it so.
        timer = loop.call_later(self._timeout, _settle, done, False)
        try:
            ok = await done
        finally:
            timer.cancel()
        if not ok:
            raise CheckLogUnavailable()

    async def close(self) -> None:
        """Write what is queued, then stop the tasks."""
        for _ in self._tasks:
            await self._queue.put(None)
        await asyncio.gather(*self._tasks)
        for lane in self._lanes:
            await lane.close()

    async def _run(self, lane: _Lane) -> None:
        stopping = False
        while not stopping:
            first = await self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self._max_batch and not self._queue.empty():
                item = self._queue.get_nowait()
                if item is None:
                    stopping = True
                    break
                batch.append(item)
            await self._flush(lane, batch)

    async def _flush(self, lane: _Lane, batch: list[_Pending]) -> None:
        ok = True
        try:
            await lane.write([check for check, _ in batch])
        except Exception as exc:  # the waiting requests answer 503; no row data is logged
            log.error("could not write %d eligibility checks: %s", len(batch), type(exc).__name__)
            ok = False
        for _, done in batch:
            _settle(done, ok)


def _settle(done: asyncio.Future[bool], ok: bool) -> None:
    if not done.done():  # settled already: timed out, or its request was cancelled
        done.set_result(ok)
