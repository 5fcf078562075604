"""Logging that never writes a person's data: no raw paths or query strings, no error messages.

Error messages can quote what failed (a unique violation's DETAIL names the personal ID), so an
error is logged as its class names and the source lines it passed through, never its text.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

log = logging.getLogger("ansinh.access")


def configure_logging(level: str) -> None:
    """Set up plain structured-ish logging for the process; the server's own error log redacted."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for name in ("uvicorn", "uvicorn.error", "uvicorn.asgi", "procrastinate"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactErrors) for f in logger.filters):
            logger.addFilter(RedactErrors())


def describe_error(exc: BaseException) -> str:
    """The error's class chain and traceback lines, without any message or value."""
    names, cause = [], exc.__cause__ or exc.__context__
    names.append(type(exc).__name__)
    while cause is not None and len(names) < 5:
        names.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    frames = "".join(traceback.format_tb(exc.__traceback__)).rstrip()
    return " <- ".join(names) + ("\n" + frames if frames else "")


class RedactErrors(logging.Filter):
    """Replace a record's exception (whose message may quote personal data) by its description."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, with the exception's text left out."""
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}: {describe_error(record.exc_info[1])}"
            record.args, record.exc_info, record.exc_text = None, None, None
        return True


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
