"""Liveness and readiness: `/healthz` answers 200 only when the database does.

The answer comes from the pool's shared probe (`core.apool.SharedProbe`): requests arriving while
a `SELECT 1` is under way share its answer, so frequent polling costs the database one round trip
at a time, and every answer comes from a probe that finished after the request arrived.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ansinh.core.apool import PROBE_KEY, SharedProbe
from ansinh.core.errors import DATABASE_DOWN, problem

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=None)
async def healthz(request: Request) -> dict[str, str] | JSONResponse:
    """Report whether the database is reachable."""
    probe: SharedProbe = getattr(request.state, PROBE_KEY)  # no dependency to solve: cheaper
    if not await probe():
        return problem(503, "Database unreachable", DATABASE_DOWN)
    return {"status": "ok", "database": "ok"}
