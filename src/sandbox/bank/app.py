"""The sandbox bank app: `uvicorn sandbox.bank.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from sandbox.bank import processor, store
from sandbox.bank.views import router
from sandbox.factory import create_sandbox_app


def create_app(bank: store.Bank | None = None, *, process: bool = True) -> FastAPI:
    """Build the bank app over `bank`; `process` runs the back office in a background thread."""
    bank = bank or store.configured()
    bank.create()
    app = create_sandbox_app(
        title="Bank on NAPAS (sandbox)",
        description="Account-name inquiry, pain.001 files answered by pain.002, camt.054 and "
        "camt.053, later returns, VietQR; configurable delays and failure rates.",
    )
    app.state.bank = bank

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runner = processor.Runner(bank) if process else None
        if runner is not None:
            runner.start()
        yield
        if runner is not None:
            runner.stop()

    app.router.lifespan_context = lifespan
    app.include_router(router)
    return app
