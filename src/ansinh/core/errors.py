"""Problem Details (RFC 9457) errors: every failure leaves as application/problem+json."""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from ansinh.core.config import get_settings
from ansinh.core.logging import describe_error

PROBLEM_JSON = "application/problem+json"
DATABASE_DOWN = (
    "Hệ thống tạm thời không kết nối được cơ sở dữ liệu, vui lòng thử lại sau. "
    "/ The database is not answering; try again shortly."
)
log = logging.getLogger(__name__)


class ProblemError(Exception):
    """An expected failure with an HTTP status and a reason a person can act on."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class NotFound(ProblemError):
    """The named resource does not exist (or the caller may not know it does)."""

    status = 404
    title = "Not found"


class Conflict(ProblemError):
    """The request contradicts data already recorded."""

    status = 409
    title = "Conflict"


class Unauthorized(ProblemError):
    """No valid credentials were presented."""

    status = 401
    title = "Unauthorized"


class Forbidden(ProblemError):
    """The caller is known but lacks the scope or role for this action."""

    status = 403
    title = "Forbidden"


class Unprocessable(ProblemError):
    """The request is well-formed but breaks a business rule."""

    status = 422
    title = "Unprocessable request"


class UnreadableFile(Unprocessable):
    """The uploaded file cannot be read as a table of lines at all."""


class FileTooLarge(ProblemError):
    """The uploaded file is larger than the configured maximum."""

    status = 413
    title = "Content too large"

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            f"file: larger than the maximum of {max_bytes / 2**20:g} MiB; "
            "split it into several files"
        )


def reasons_of(errors: list[Any]) -> str:
    """Join Pydantic error entries as 'location: reason'; the rejected inputs are left out."""
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in errors)


def problem(status: int, title: str, detail: str, **extensions: Any) -> JSONResponse:
    """Build a problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    headers = None
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    elif status == 503:
        headers = {"Retry-After": str(get_settings().retry_after_seconds)}
    return JSONResponse(
        body | extensions, status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Inputs are never echoed back: they may hold personal IDs.
    return [
        {"location": ".".join(str(p) for p in err["loc"]), "reason": err["msg"]}
        for err in exc.errors()
    ]


class Problem(BaseModel):
    """The shape of every failure (RFC 9457), as the OpenAPI schema documents it."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = Field(description="What was wrong, so a person can act on it")
    errors: list[dict[str, str]] | None = Field(
        default=None, description="Invalid requests: each location and reason (no input echoed)"
    )


_PROBLEM = {"content": {PROBLEM_JSON: {"schema": Problem.model_json_schema()}}}
PROBLEM_RESPONSES: dict[str, dict[str, Any]] = {
    "422": {"description": "Invalid request: each location and its reason"} | _PROBLEM,
    "4XX": {"description": "Refused (bad input, credentials, scope, state)"} | _PROBLEM,
}


def document_problems(app: FastAPI) -> None:
    """Document the problem+json failures of every operation in the app's OpenAPI schema."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.setdefault("responses", {}).update(PROBLEM_RESPONSES)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_error_handlers(app: FastAPI) -> None:
    """Make every error the app raises a problem+json response, and document it."""
    document_problems(app)

    @app.exception_handler(ProblemError)
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, **exc.extensions)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(
            422, "Invalid request", reasons_of(list(exc.errors())), errors=_validation_errors(exc)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, HTTPStatus(exc.status_code).phrase, str(exc.detail))

    @app.exception_handler(sa_exc.SQLAlchemyError)
    @app.exception_handler(psycopg.Error)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        if database_unreachable(exc):
            log.warning(
                "database unreachable (%s) on %s %s",
                type(exc).__name__,
                request.method,
                _route_of(request),
            )
            return problem(503, "Service unavailable", DATABASE_DOWN)
        return _failed(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return _failed(request, exc)


def database_unreachable(exc: BaseException) -> bool:
    """True when `exc` says the database cannot be reached (down, restarting, pool exhausted)."""
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    unreachable = (
        sa_exc.OperationalError,
        sa_exc.InterfaceError,
        sa_exc.TimeoutError,
        psycopg.OperationalError,
        psycopg.InterfaceError,
    )
    return isinstance(exc, unreachable)


def _failed(request: Request, exc: BaseException) -> JSONResponse:
    reference = uuid.uuid4().hex[:12]
    log.error(
        "unhandled error on %s %s (reference %s): %s",
        request.method,
        _route_of(request),
        reference,
        describe_error(exc),
    )
    return problem(
        500, "Internal error", f"The server failed; the error was logged as {reference}."
    )


def _route_of(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", "?")
