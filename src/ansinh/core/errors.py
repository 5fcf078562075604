"""Problem Details (RFC 9457) errors: every failure leaves as application/problem+json."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
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


def reasons_of(errors: list[Any]) -> str:
    """Join Pydantic error entries as 'location: reason'; the rejected inputs are left out."""
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in errors)


def problem(status: int, title: str, detail: str, **extensions: Any) -> JSONResponse:
    """Build a problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
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

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error on %s %s", request.method, _route_of(request), exc_info=exc)
        return problem(500, "Internal error", "The server failed; the error was logged.")


def _route_of(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", "?")
