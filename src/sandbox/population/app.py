"""The population register sandbox app: `uvicorn sandbox.population.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from sandbox.factory import create_sandbox_app
from sandbox.population import store
from sandbox.population.views import router


def create_app(register: store.Register | None = None) -> FastAPI:
    """Build the register app over `register` (default: $SANDBOX_POPULATION_DATABASE_URL)."""
    register = register or store.configured()
    register.create()
    app = create_sandbox_app(
        title="Population register (sandbox)",
        description="National Population Database: verify, lookup, bulk extract, change feed.",
    )
    app.state.register = register

    @app.middleware("http")
    async def _call_log(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        await run_in_threadpool(
            _log_call,
            register,
            client_id=getattr(request.state, "client_id", "-"),
            method=request.method,
            route=getattr(request.scope.get("route"), "path", "<unmatched>"),
            status=response.status_code,
        )
        return response

    app.include_router(router)
    return app


def _log_call(
    register: store.Register, *, client_id: str, method: str, route: str, status: int
) -> None:
    with register.connect() as connection:
        store.log_call(connection, client_id=client_id, method=method, route=route, status=status)
