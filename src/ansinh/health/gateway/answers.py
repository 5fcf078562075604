"""Failures on the gateway contract answer like the gateway: `maKetQua` and a Vietnamese `ghiChu`.

Hospital software shows `maKetQua` and `ghiChu`, whatever the HTTP status; a problem+json without
them shows nothing. The gateway's routes use `GatewayRoute`, which lets the app's error handlers
shape the problem (status, detail, headers) and then adds the two fields. 429 is not in the
gateway's published table; it is answered as `429` so clients can tell a wait from a refusal.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

FORMAT_ERROR, AUTH_ERROR, SERVER_ERROR = "205", "401", "101"
_CODES = {401: AUTH_ERROR, 403: "403", 429: "429"}
_NOTES = {
    FORMAT_ERROR: "Sai định dạng tham số đầu vào",
    AUTH_ERROR: "Lỗi xác thực: sai tên đăng nhập, mật khẩu hoặc token",
    "403": "Tài khoản không có quyền thực hiện tra cứu này",
    "429": "Vượt quá số lượt tra cứu cho phép, vui lòng thử lại sau",
    SERVER_ERROR: "Lỗi máy chủ, vui lòng thử lại sau",
}


def code_of(status: int) -> str:
    """The gateway code for an HTTP failure status."""
    if status >= 500:
        return SERVER_ERROR
    return _CODES.get(status, FORMAT_ERROR)


def note_of(code: str) -> str:
    """The Vietnamese note for a gateway failure code."""
    return _NOTES.get(code, _NOTES[FORMAT_ERROR])


def _handler(request: Request, exc: Exception) -> Callable[..., Any] | None:
    handlers = request.app.exception_handlers
    return next((handlers[c] for c in type(exc).__mro__ if c in handlers), None)


def _with_code(response: Response) -> Response:
    body = json.loads(bytes(response.body)) if response.body else {}
    code = str(body.get("maKetQua") or code_of(response.status_code))
    body |= {"maKetQua": code, "ghiChu": note_of(code)}
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    if response.status_code == 429 and "retry_after" in body:
        headers["Retry-After"] = str(max(1, round(float(body["retry_after"]))))
    return JSONResponse(
        body, status_code=response.status_code, headers=headers, media_type=response.media_type
    )


class GatewayRoute(APIRoute):
    """A route whose every failure carries the gateway's code and note."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap the route's handler so its errors are shaped, then coded."""
        handle = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handle(request)
            except Exception as exc:
                shape = _handler(request, exc)
                if shape is None:
                    raise
                shaped = shape(request, exc)
                response = await shaped if inspect.isawaitable(shaped) else shaped
                return _with_code(response)

        return answer
