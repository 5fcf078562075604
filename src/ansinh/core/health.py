"""Liveness and readiness: `/healthz` answers 200 only when the database does."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from ansinh.core.db import ping, session_factory
from ansinh.core.errors import DATABASE_DOWN, problem

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=None)
def healthz() -> dict[str, str] | JSONResponse:
    """Report whether the database is reachable."""
    try:
        with session_factory()() as session:
            ping(session)
    except SQLAlchemyError:
        return problem(503, "Database unreachable", DATABASE_DOWN)
    return {"status": "ok", "database": "ok"}
