"""The sandbox provider over HTTP: discovery, JWKS, authorize (login, consent), token, userinfo.

Protocol errors answer as RFC 6749 JSON (`{"error", "error_description"}`); errors before the
client's redirect URI is known are shown as a page and never redirected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from sandbox.eid.provider import (
    LEVELS,
    AuthorizationRequest,
    NotRedirectable,
    OAuthError,
    Provider,
    RedirectError,
)
from sandbox.factory import create_sandbox_app

_templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
SCOPE_TEXT = {
    "openid": "Xác thực danh tính (số định danh cá nhân) · your identity",
    "profile": "Họ tên, ngày sinh, giới tính · name, date of birth, sex",
    "vss.si_book": "Quá trình tham gia BHXH · your social-insurance record",
    "vss.hi_card": "Thẻ BHYT · your health-insurance card",
    "vss.claims": "Hồ sơ hưởng chế độ BHXH · your benefit claims and decisions",
    "vss.payments": "Chi trả lương hưu, trợ cấp BHXH · your pension and benefit payments",
    "vss.children": "Thẻ BHYT của con · your children's health-insurance cards",
}


def create_eid_app(provider: Provider) -> FastAPI:
    """Build the provider's ASGI app."""
    app = create_sandbox_app(
        title="Sandbox national e-ID (VNeID / DVCQG SSO)",
        description="OpenID Connect provider for testing: synthetic citizens, PKCE S256, "
        "private_key_jwt clients, acr LoA1/LoA2.",
    )

    def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return _templates.TemplateResponse(request, name, context, status_code=status)

    def _refused(request: Request, reason: str) -> HTMLResponse:
        return _page(request, "message.html", 400, title="Yêu cầu không hợp lệ", text=reason)

    def _login_page(
        request: Request, request_id: str, pending: AuthorizationRequest, error: str | None = None
    ) -> HTMLResponse:
        citizens = provider.store.sample()
        return _page(
            request,
            "login.html",
            400 if error else 200,
            request_id=request_id,
            pending=pending,
            citizens=citizens,
            levels=list(LEVELS),
            error=error,
        )

    def _oauth_error(exc: OAuthError) -> JSONResponse:
        body = {"error": exc.error, "error_description": exc.description}
        headers = _NO_STORE | ({"WWW-Authenticate": "Bearer"} if exc.status == 401 else {})
        return JSONResponse(body, status_code=exc.status, headers=headers)

    @app.get("/.well-known/openid-configuration")
    def discovery() -> dict[str, Any]:
        """OpenID Connect discovery document."""
        return provider.metadata()

    @app.get("/jwks")
    def jwks() -> dict[str, Any]:
        """The provider's public signing keys."""
        return provider.jwks()

    @app.get("/authorize", response_model=None)
    def authorize(request: Request) -> Response:
        """Start a login: validate the request, then show the tester's citizen picker."""
        try:
            request_id, pending = provider.begin(dict(request.query_params))
        except NotRedirectable as exc:
            return _refused(request, str(exc))
        except RedirectError as exc:
            return RedirectResponse(exc.location, status_code=302)
        return _login_page(request, request_id, pending)

    @app.post("/login", response_model=None)
    async def login(request: Request) -> Response:
        """The tester picked a citizen and a level: ask for consent."""
        form = await request.form()
        request_id = str(form.get("request_id", ""))
        pending = provider.pending(request_id)
        if pending is None:
            return _refused(request, "Phiên đăng nhập đã hết hạn · this login request expired")
        personal_id = str(form.get("personal_id") or form.get("typed_id") or "").strip()
        level = LEVELS.get(str(form.get("level", "")), 0)
        if not provider.log_in(pending, personal_id=personal_id, level=level):
            error = "Không tìm thấy công dân hoặc mức định danh · unknown citizen or level"
            return _login_page(request, request_id, pending, error)
        scopes = [SCOPE_TEXT.get(s, s) for s in pending.scopes]
        return _page(request, "consent.html", request_id=request_id, pending=pending, scopes=scopes)

    @app.post("/consent", response_model=None)
    async def consent(request: Request) -> Response:
        """The citizen allowed or declined sharing: send them back to the client."""
        form = await request.form()
        try:
            location = provider.decide(
                str(form.get("request_id", "")), allow=form.get("decision") == "allow"
            )
        except NotRedirectable as exc:
            return _refused(request, str(exc))
        return RedirectResponse(location, status_code=302)

    @app.post("/token", response_model=None)
    async def token(request: Request) -> Response:
        """Exchange a code (client authenticated with private_key_jwt, PKCE verifier)."""
        form = await request.form()
        try:
            tokens = provider.exchange({k: str(v) for k, v in form.items()})
        except OAuthError as exc:
            return _oauth_error(exc)
        return JSONResponse(tokens, headers=_NO_STORE)

    @app.post("/introspect", response_model=None)
    async def introspect(request: Request) -> Response:
        """RFC 7662 token introspection for authenticated clients."""
        form = await request.form()
        try:
            answer = provider.introspect({k: str(v) for k, v in form.items()})
        except OAuthError as exc:
            return _oauth_error(exc)
        return JSONResponse(answer, headers=_NO_STORE)

    @app.post("/revoke", response_model=None)
    async def revoke(request: Request) -> Response:
        """RFC 7009 token revocation by the client the token was issued to."""
        form = await request.form()
        try:
            provider.revoke({k: str(v) for k, v in form.items()})
        except OAuthError as exc:
            return _oauth_error(exc)
        return Response(status_code=200, headers=_NO_STORE)

    @app.api_route("/userinfo", methods=["GET", "POST"], response_model=None)
    def userinfo(request: Request) -> Response:
        """The citizen's claims for a valid access token."""
        try:
            return JSONResponse(provider.userinfo(request.headers.get("authorization")))
        except OAuthError as exc:
            return _oauth_error(exc)

    @app.get("/logout", response_model=None)
    def logout(request: Request) -> Response:
        """End the session at the provider and return to the client if it registered the URI."""
        target = provider.logout_target(dict(request.query_params))
        if target is not None:
            return RedirectResponse(target, status_code=302)
        return _page(request, "message.html", title="Đã đăng xuất", text="You are signed out.")

    return app
