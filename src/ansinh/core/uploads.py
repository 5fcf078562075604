"""Refuse request bodies larger than the upload maximum as they stream in, before any is stored.

Starlette writes an uploaded file to a temporary file as it arrives; this counts the bytes
received (never trusting Content-Length) and stops the request at the limit, so a client
cannot fill the disk. The handler checks the file's own size again.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ansinh.core.config import get_settings

# Multipart boundaries and the small form fields sent with a file.
FORM_ALLOWANCE = 2**20


class BodyTooLarge(HTTPException):
    """The request body passed the limit while it was being received."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"the request is larger than the maximum of {limit / 2**20:g} MiB; "
            "split the file into several declarations",
        )


class BodyLimit:
    """ASGI middleware counting each request's body bytes against the upload maximum."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a receive that refuses to go past the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = get_settings().upload_max_bytes + FORM_ALLOWANCE
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)
