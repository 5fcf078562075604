"""Shared ASGI app factory for sandboxes: JSON errors, API-key clients, a log of every call."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader

log = logging.getLogger("sandbox.calls")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False)


def create_sandbox_app(*, title: str, description: str, version: str = "1.0") -> FastAPI:
    """Build a sandbox app that answers errors as JSON and logs each call by route template."""
    app = FastAPI(title=title, description=description, version=version)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        reasons = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        return JSONResponse({"error": "invalid_request", "details": reasons}, status_code=422)

    @app.middleware("http")
    async def _call_log(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "<unmatched>")
        client = request.state.client_id if hasattr(request.state, "client_id") else "-"
        log.info(
            "%s %s %s %d %.1fms",
            client,
            request.method,
            route,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    return app


def key_hash(key: str) -> str:
    """SHA-256 of an API key (sandboxes store only hashes)."""
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_clients(
    clients: Mapping[str, str],
) -> Callable[[Request, str | None], str]:
    """Build a dependency admitting callers whose X-API-Key hashes to one of `clients` (hash→id)."""

    def _authenticate(
        request: Request, key: Annotated[str | None, Depends(_api_key)] = None
    ) -> str:
        client_id = clients.get(key_hash(key)) if key else None
        if client_id is None:
            raise HTTPException(status_code=401, detail="unknown or missing X-API-Key")
        request.state.client_id = client_id
        return client_id

    return _authenticate
