"""The employment centre sandbox app: `uvicorn sandbox.employment.app:create_app --factory`."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from sandbox.employment import centre, notify, store
from sandbox.employment.views import router
from sandbox.factory import api_key_clients, create_sandbox_app, key_hash

PLATFORM_URL_ENV = "SANDBOX_EMPLOYMENT_PLATFORM_URL"
PLATFORM_KEY_ENV = "SANDBOX_EMPLOYMENT_PLATFORM_KEY"
CLIENT_KEYS_ENV = "SANDBOX_EMPLOYMENT_CLIENT_KEYS"  # "id:key,id:key"
CALLBACK_PATH = "/api/v1/unemployment/notify"
TIMEOUT = 10.0
log = logging.getLogger(__name__)


def _clients_from_env() -> dict[str, str]:
    pairs = (item.split(":", 1) for item in os.environ.get(CLIENT_KEYS_ENV, "").split(",") if item)
    return {key_hash(key): client_id for client_id, key in pairs}


def platform_client(base_url: str, key: str) -> httpx.Client:
    """An HTTP client of the platform's record API, authenticated with the centre's API key."""
    return httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=TIMEOUT
    )


def every(work: Callable[[], object], stop: threading.Event, period: float) -> None:
    """Run `work` every `period` seconds until `stop` is set, whatever a round raises."""
    while not stop.wait(period):
        try:
            work()
        except httpx.TransportError as exc:  # the platform is down or stopping: the next round
            log.warning("background round: the platform did not answer (%s)", type(exc).__name__)
        except Exception:  # keep the thread alive across hiccups of the platform or database
            log.exception("background round failed")


def create_app(
    held: store.Centre | None = None,
    *,
    platform: httpx.Client | None = None,
    notifier: httpx.Client | None = None,
    callback_url: str | None = None,
    clients: Mapping[str, str] | None = None,
    deliver_every: float | None = 1.0,
    assess_every: float | None = None,
) -> FastAPI:
    """Build the centre app; `clients` maps API-key hashes to client ids.

    With `deliver_every` set, a thread delivers due decisions at that period; with
    `assess_every`, another assesses received claims (the demo's officers).
    """
    held = held or store.configured()
    held.create()
    platform = platform or platform_client(
        os.environ[PLATFORM_URL_ENV], os.environ[PLATFORM_KEY_ENV]
    )
    notifier = notifier or httpx.Client(timeout=TIMEOUT)
    callback = callback_url or f"{platform.base_url}".rstrip("/") + CALLBACK_PATH
    stop = threading.Event()
    rounds: list[tuple[Callable[[], object], float | None]] = [
        (lambda: notify.deliver_due(held, notifier, callback, batch=notify.BATCH), deliver_every),
        (lambda: centre.assess_received(held, platform), assess_every),
    ]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        threads = [
            threading.Thread(target=every, args=(work, stop, period), daemon=True)
            for work, period in rounds
            if period is not None
        ]
        for thread in threads:
            thread.start()
        yield
        stop.set()
        for thread in threads:
            thread.join(timeout=5)

    app = create_sandbox_app(
        title="Employment service centre (sandbox)",
        description="Unemployment-benefit claims and decisions; signed notifications, retried.",
    )
    app.router.lifespan_context = lifespan
    app.state.centre = held
    app.state.platform = platform
    app.state.notifier = notifier
    app.state.callback_url = callback
    app.state.authenticate = api_key_clients(
        clients if clients is not None else _clients_from_env()
    )
    app.include_router(router)
    return app
