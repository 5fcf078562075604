"""Orderly exit on SIGTERM, so the embedded PostgreSQL a process started is stopped with it."""

from __future__ import annotations

import signal
from types import FrameType
from typing import NoReturn


def exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so atexit hooks (the embedded PostgreSQL's stop) run.

    uvicorn re-raises the signal it caught once it has shut down; under the default handler the
    process would then die without running them and leave PostgreSQL behind.
    """
    signal.signal(signal.SIGTERM, _raise_exit)


def _raise_exit(signum: int, _frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)
