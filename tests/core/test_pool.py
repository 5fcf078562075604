"""The request pool holds a connection for every worker thread, so threads never wait on it."""

from __future__ import annotations

import anyio
import anyio.to_thread
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool

from ansinh.core import db


async def _worker_threads() -> int:
    return int(anyio.to_thread.current_default_thread_limiter().total_tokens)


def test_the_pool_has_a_connection_for_every_worker_thread(engine: Engine) -> None:
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    assert pool.size() + pool._max_overflow >= anyio.run(_worker_threads) == db.THREAD_TOKENS
    assert pool._timeout == db.POOL_TIMEOUT
