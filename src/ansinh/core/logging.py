"""Request logging that never writes a raw path or query string (they may carry identifiers)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

log = logging.getLogger("ansinh.access")


def configure_logging(level: str) -> None:
    """Set up plain structured-ish logging for the process."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")


def install_access_log(app: FastAPI) -> None:
    """Log each request by its route template (e.g. /persons/{si_number}), status and time."""

    @app.middleware("http")
    async def _access_log(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "<unmatched>")
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.info("%s %s %d %.1fms", request.method, route, response.status_code, elapsed_ms)
        return response
