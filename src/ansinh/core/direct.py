"""Hot routes whose arguments are resolved by a small hand-written function, not FastAPI's solver.

FastAPI builds the route (path, OpenAPI operation, response model, security scheme) from the
endpoint's signature as usual; at request time `resolved_by`'s route calls a resolver that reads
the body and runs the dependencies the endpoint names, then calls the endpoint itself. On the
clinic check FastAPI's generic request handler (dependency cache keys, signature walking, body
field machinery) cost more Python time per request than the check's own work. Failures are the
same exceptions the solver raises (`RequestValidationError`, the dependencies' own), so the app's
problem+json handlers answer them unchanged.
"""

from __future__ import annotations

import email.message
import inspect
from collections.abc import Awaitable, Callable, Coroutine
from functools import lru_cache
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Resolver = Callable[[Request], Coroutine[Any, Any, Response]]


def resolved_by(resolver: Resolver) -> type[APIRoute]:
    """A route class whose requests are answered by `resolver` (it calls the endpoint)."""

    class ResolvedRoute(APIRoute):
        def get_route_handler(self) -> Resolver:
            """The hand-written resolver instead of FastAPI's generic handler."""
            return resolver

    return ResolvedRoute


def answered_by(endpoint: Callable[[Request], Awaitable[Any]]) -> type[APIRoute]:
    """A route class for an endpoint taking only the request: a dict it returns is sent as JSON."""

    async def resolve(request: Request) -> Response:
        answer = await endpoint(request)
        return answer if isinstance(answer, Response) else JSONResponse(answer)

    return resolved_by(resolve)


async def dependency(request: Request, provide: Callable[[Request], Awaitable[T]]) -> T:
    """`provide(request)`, or the app's override of it (tests swap dependencies this way)."""
    override = request.app.dependency_overrides.get(provide)
    if override is None:
        return await provide(request)
    value = override(request) if inspect.signature(override).parameters else override()
    return await value if inspect.isawaitable(value) else value  # type: ignore[no-any-return]


async def json_body(request: Request, model: type[M]) -> M:
    """The request's JSON body as `model`; the same 422 errors FastAPI gives for a body model."""
    raw = await request.body()
    if not raw:
        raise RequestValidationError(
            [{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}]
        )
    content_type = request.headers.get("content-type")
    try:
        if content_type is None or _is_json(content_type):
            return model.model_validate_json(raw)
        return model.model_validate(raw)  # refused: not an object
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
        raise RequestValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in errors]
        ) from None


@lru_cache(maxsize=64)
def _is_json(content_type: str) -> bool:
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )
