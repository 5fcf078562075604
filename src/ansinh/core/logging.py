"""Logging that never writes a person's data: no raw paths or query strings, no error messages.

Error messages can quote what failed (a unique violation's DETAIL names the personal ID), so an
error is logged as its class names and the source lines it passed through, never its text.
"""

from __future__ import annotations

import logging
import time
import traceback

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("ansinh.access")


def configure_logging(level: str) -> None:
    """Set up plain structured-ish logging for the process; the server's own error log redacted."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # The format names no thread, process or source line: not collecting them takes about a
    # quarter off each record (the access log writes one per request). The logging manual's
    # "Optimization" section names these switches.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None
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


class AccessLog:
    """Pure ASGI middleware: one line per request with its route template, status and time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, noting the status it is answered with."""
        if scope["type"] != "http" or not log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # if the app fails before answering, the server answers 500

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            route = getattr(scope.get("route"), "path", "<unmatched>")
            elapsed_ms = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1fms", scope["method"], route, status, elapsed_ms)


def install_access_log(app: FastAPI) -> None:
    """Log each request by its route template (e.g. /persons/{si_number}), status and time."""
    app.add_middleware(AccessLog)
