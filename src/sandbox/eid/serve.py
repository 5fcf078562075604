"""Serve an ASGI app on its own port in a background thread (the demo's and browser tests' e-ID)."""

from __future__ import annotations

import threading
import time
from typing import Any

import uvicorn

STARTUP_SECONDS = 15.0
# The servers started and not yet asked to stop, for stop_all.
_RUNNING: list[tuple[uvicorn.Server, threading.Thread]] = []


def serve_in_thread(app: Any, *, host: str, port: int) -> uvicorn.Server:
    """Start `app` on host:port in a daemon thread and return once it accepts connections."""
    server = uvicorn.Server(
        uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, name=f"serve-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"could not serve on {host}:{port}")
        time.sleep(0.02)
    _RUNNING.append((server, thread))
    return server


def stop(server: uvicorn.Server) -> None:
    """Ask a server started by serve_in_thread to shut down."""
    _RUNNING[:] = [(s, t) for s, t in _RUNNING if s is not server]
    server.should_exit = True


def stop_all(wait: float = 10.0) -> None:
    """Shut down every server still running here, newest first, each given `wait` s to finish."""
    while _RUNNING:
        server, thread = _RUNNING.pop()
        server.should_exit = True
        thread.join(timeout=wait)
