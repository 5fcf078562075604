"""The national portal sandbox app: `uvicorn sandbox.nationalportal.app:create_app --factory`."""

from __future__ import annotations

import os
from collections.abc import Mapping

import httpx
from fastapi import FastAPI

from sandbox.factory import api_key_clients, create_sandbox_app, key_hash
from sandbox.nationalportal import store
from sandbox.nationalportal.views import router

AGENCY_URL_ENV = "SANDBOX_NATIONALPORTAL_AGENCY_URL"
AGENCY_KEY_ENV = "SANDBOX_NATIONALPORTAL_AGENCY_KEY"  # the portal's key at the agency
CLIENT_KEYS_ENV = "SANDBOX_NATIONALPORTAL_CLIENT_KEYS"  # "id:key,id:key" (the agency's keys)
TIMEOUT = 10.0


def _clients_from_env() -> dict[str, str]:
    pairs = (item.split(":", 1) for item in os.environ.get(CLIENT_KEYS_ENV, "").split(",") if item)
    return {key_hash(key): client_id for client_id, key in pairs}


def agency_client(base_url: str, key: str) -> httpx.Client:
    """An HTTP client of the agency, with the portal's bearer key."""
    return httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=TIMEOUT
    )


def create_app(
    portal: store.Portal | None = None,
    *,
    agency: httpx.Client | None = None,
    clients: Mapping[str, str] | None = None,
) -> FastAPI:
    """Build the portal app; `agency` reaches the agency, `clients` maps key hashes to ids."""
    portal = portal or store.configured()
    portal.create()
    app = create_sandbox_app(
        title="National Public Service Portal (sandbox)",
        description="Citizens file dossiers; they are forwarded to the agency, which reports back.",
    )
    app.state.portal = portal
    app.state.agency = agency or agency_client(
        os.environ[AGENCY_URL_ENV], os.environ[AGENCY_KEY_ENV]
    )
    app.state.authenticate = api_key_clients(
        clients if clients is not None else _clients_from_env()
    )
    app.include_router(router)
    return app
