"""Liveness and readiness: `/healthz` answers 200 only when the database does."""

from __future__ import annotations

import psycopg
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ansinh.core.apool import DbPool
from ansinh.core.errors import DATABASE_DOWN, problem

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=None)
async def healthz(pool: DbPool) -> dict[str, str] | JSONResponse:
    """Report whether the database is reachable."""
    try:
        async with pool.connection() as connection:
            await connection.execute("SELECT 1")
    except psycopg.Error:  # the pool's timeout (PoolTimeout) is one too
        return problem(503, "Database unreachable", DATABASE_DOWN)
    return {"status": "ok", "database": "ok"}
