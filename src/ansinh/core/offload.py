"""Blocking work off the event loop: password hashing runs on a few threads of its own.

Handlers that touch the database are sync `def` (FastAPI runs them on its worker threads) or
call `run_in_threadpool`. Password hashing (argon2: ~64 MiB and tens of milliseconds each) gets
its own small limiter, so a storm of logins queues for it without holding the worker threads
every other request (clinic checks included) needs, and without 40 hashes' worth of memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar

T = TypeVar("T")
HASHING_THREADS = max(1, min(4, (os.cpu_count() or 1) // 2))
_hashing: RunVar[CapacityLimiter] = RunVar("ansinh_hashing_limiter")


def _limiter() -> CapacityLimiter:
    try:
        return _hashing.get()
    except LookupError:
        limiter = CapacityLimiter(HASHING_THREADS)
        _hashing.set(limiter)
        return limiter


async def hashing(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a password hash or check on the hashing threads (one limiter per event loop)."""
    return await anyio.to_thread.run_sync(partial(function, *args, **kwargs), limiter=_limiter())
