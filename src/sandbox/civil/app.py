"""The civil registry sandbox app: `uvicorn sandbox.civil.app:create_app --factory`."""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from sandbox.civil import notify, store
from sandbox.civil.views import router
from sandbox.factory import api_key_clients, create_sandbox_app, key_hash

POPULATION_URL_ENV = "SANDBOX_CIVIL_POPULATION_URL"
POPULATION_KEY_ENV = "SANDBOX_CIVIL_POPULATION_KEY"
CLIENT_KEYS_ENV = "SANDBOX_CIVIL_CLIENT_KEYS"  # "id:key,id:key"
TIMEOUT = 10.0


def _clients_from_env() -> dict[str, str]:
    pairs = (item.split(":", 1) for item in os.environ.get(CLIENT_KEYS_ENV, "").split(",") if item)
    return {key_hash(key): client_id for client_id, key in pairs}


def _population_from_env() -> httpx.Client:
    return httpx.Client(
        base_url=os.environ[POPULATION_URL_ENV],
        headers={"X-API-Key": os.environ[POPULATION_KEY_ENV]},
        timeout=TIMEOUT,
    )


def create_app(
    registry: store.Registry | None = None,
    *,
    population: httpx.Client | None = None,
    notifier: httpx.Client | None = None,
    clients: Mapping[str, str] | None = None,
    deliver_every: float | None = 1.0,
    batch: int = 1,
) -> FastAPI:
    """Build the civil registry app; `clients` maps API-key hashes to client ids.

    With `deliver_every` set, a background thread delivers due notifications at that period,
    `batch` events to a notify message.
    """
    registry = registry or store.configured()
    registry.create()
    notifier = notifier or httpx.Client(timeout=TIMEOUT)
    stop = threading.Event()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        thread = None
        if deliver_every is not None:
            thread = threading.Thread(
                target=notify.keep_delivering,
                args=(registry, notifier, stop, deliver_every, batch),
                name="civil-notify",
                daemon=True,
            )
            thread.start()
        yield
        stop.set()
        if thread is not None:
            thread.join(timeout=5)

    app = create_sandbox_app(
        title="Civil registry (sandbox)",
        description="Births and deaths; signed notifications to subscribers, retried until acked.",
    )
    app.router.lifespan_context = lifespan
    app.state.registry = registry
    app.state.population = population or _population_from_env()
    app.state.notifier = notifier
    app.state.authenticate = api_key_clients(
        clients if clients is not None else _clients_from_env()
    )
    app.include_router(router)
    return app
