"""Liveness and readiness: `/livez` answers while the process does; `/healthz` only when the
database does too.

`/healthz`'s answer comes from the pool's shared probe (`core.apool.SharedProbe`): requests
arriving while a `SELECT 1` is under way share its answer, so frequent polling costs the database
one round trip at a time, and every answer comes from a probe that finished after the request
arrived."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ansinh.core.apool import PROBE_KEY, SharedProbe
from ansinh.core.direct import answered_by
from ansinh.core.errors import DATABASE_DOWN, problem


async def healthz(request: Request) -> dict[str, str] | JSONResponse:
    """Report whether the database is reachable."""
    probe: SharedProbe = getattr(request.state, PROBE_KEY)  # no dependency to solve: cheaper
    if not await probe():
        return problem(503, "Database unreachable", DATABASE_DOWN)
    return {"status": "ok", "database": "ok"}


async def livez(_: Request) -> dict[str, str]:
    """Report that the process answers (liveness: restart it when this fails; no database)."""
    return {"status": "ok"}


def install_health(app: FastAPI) -> None:
    """Add the probes to the app itself, ahead of every other route.

    Not through a router: each included router is one more level of matching per request
    (docs/benchmarks.md, "where the time went"), and load balancers call these all the time;
    answered without FastAPI's generic handler (`core.direct`), which costs more than they do.
    """
    app.router.add_api_route(
        "/healthz",
        healthz,
        response_model=None,
        tags=["health"],
        route_class_override=answered_by(healthz),
    )
    app.router.add_api_route(
        "/livez", livez, tags=["health"], route_class_override=answered_by(livez)
    )
