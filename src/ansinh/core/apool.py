"""The async psycopg pool of the hot paths (the clinic check, `/healthz`), opened with the app.

The sync engine (`core.db`) serves the many sync handlers, one connection per worker thread.
Async handlers that only need a query or two take a connection from this pool instead: no thread
hop, no SQLAlchemy session, no pre-ping round trip. Its connections are in autocommit; a broken
one (the database restarted) fails its request with 503 and is dropped by the pool on return, so
the service recovers by itself. The pool and its shared probe live in the app's lifespan state
(one per event loop); handlers read them from `request.state`, which costs less than a dependency.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import URL

from ansinh.core.db import POOL_SIZE, POOL_TIMEOUT, get_engine

STATE_KEY = "db_pool"
PROBE_KEY = "db_probe"
AsyncPool = AsyncConnectionPool[AsyncConnection[Any]]
T = TypeVar("T")


def conninfo(url: URL) -> str:
    """The libpq connection string of a SQLAlchemy URL (same server, role and password)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def read_with(pool: AsyncPool, work: Callable[[AsyncConnection[Any]], Awaitable[T]]) -> T:
    """Run `work` (a read: safe to repeat) on a pooled connection.

    A connection the database dropped (it restarted) fails once and is discarded by the pool, so
    the read is tried again on another, up to the pool's size: no pre-ping round trip per request,
    and no 503 for the stale connections left by a restart.
    """
    attempts = 0
    while True:
        attempts += 1
        # getconn/putconn rather than `pool.connection()`: its context managers (and the commit
        # it sends on leaving, a no-op in autocommit) cost more than this read's own Python.
        connection = await pool.getconn()
        try:
            return await work(connection)
        except psycopg.OperationalError:
            # A dropped connection is closed by now; a failed query leaves it open.
            if not connection.closed or attempts > pool.max_size:
                raise
        finally:
            await pool.putconn(connection)


class SharedProbe:
    """One `SELECT 1` at a time on the pool; callers arriving meanwhile await the same answer."""

    def __init__(self, pool: AsyncPool) -> None:
        self._pool = pool
        self._running: asyncio.Task[bool] | None = None

    async def __call__(self) -> bool:
        """True if the database answered the probe under way (or a new one)."""
        if self._running is None:
            self._running = asyncio.create_task(self._probe())
            self._running.add_done_callback(self._finished)
        return await asyncio.shield(self._running)

    def _finished(self, _: asyncio.Task[bool]) -> None:
        self._running = None

    async def _probe(self) -> bool:
        try:
            await read_with(self._pool, _select_one)
        except psycopg.Error:  # the pool's timeout (PoolTimeout) is one too
            return False
        return True


async def _select_one(connection: AsyncConnection[Any]) -> None:
    await connection.execute("SELECT 1")


@asynccontextmanager
async def pool_lifespan(_: object) -> AsyncIterator[dict[str, AsyncPool | SharedProbe]]:
    """Open the pool (connections are made on demand) and its probe for the app's lifetime."""
    pool: AsyncPool = AsyncConnectionPool(
        conninfo(get_engine().url),
        min_size=0,
        max_size=POOL_SIZE,
        timeout=POOL_TIMEOUT,
        kwargs={"autocommit": True},
        open=False,
    )
    await pool.open()
    try:
        yield {STATE_KEY: pool, PROBE_KEY: SharedProbe(pool)}
    finally:
        await pool.close()
