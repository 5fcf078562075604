"""Rendering portal pages: a Jinja2 environment per language, page errors, security headers."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ansinh.core.config import get_settings
from ansinh.core.domains import present
from ansinh.portal.i18n import language_of, translations
from ansinh.portal.vocabulary import LABELS, label, say

TEMPLATES = Path(__file__).parent / "templates"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@cache
def _headers(issuer: str | None) -> dict[str, str]:
    """No caching of personal pages; scripts, styles and forms only from here (and the e-ID)."""
    provider = "" if issuer is None else " " + "/".join(issuer.split("/")[:3])
    return {
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
        f"form-action 'self'{provider}; frame-ancestors 'none'; base-uri 'none'",
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
    }


class PageError(Exception):
    """A page cannot be shown; `message` is an English message id, `detail` is shown as is."""

    def __init__(self, status: int, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.detail = status, message, detail


class LoginRequired(Exception):
    """The page needs a login (or a higher e-ID level): send the browser to `login_path`."""

    def __init__(self, login_path: str, next_path: str, level: int | None = None) -> None:
        super().__init__(login_path)
        self.login_path, self.next_path, self.level = login_path, next_path, level


def _vnd(amount: int | None, language: str) -> str:
    return "—" if amount is None else f"{format_decimal(amount, locale=language)} ₫"


def _day(value: date | datetime | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def _label(kind: str, value: str | None, *, language: str) -> str:
    return label(kind, value, language)


@cache
def environment(language: str) -> Environment:
    """The template environment of `language`, with its translations installed."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["vnd"] = lambda amount: _vnd(amount, language)
    env.filters["number"] = lambda n: format_decimal(n, locale=language)
    env.filters["day"] = _day
    env.filters["month"] = lambda value: value.strftime("%m/%Y")
    for kind in LABELS:
        env.filters[kind] = partial(_label, kind, language=language)
    env.filters["say"] = lambda text: say(text, language)
    env.globals["lang"] = language
    env.globals["sections"] = {"hi_card": present("health")}
    return env


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page in the visitor's language."""
    html = (
        environment(language_of(request))
        .get_template(template)
        .render(request=request, path=request.url.path, **context)
    )
    headers = _headers(get_settings().eid_issuer_url)
    return HTMLResponse(html, status_code=status, headers=headers)


def safe_next(path: str | None) -> str:
    """A local path to return to after login (never another site)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def install_page_errors(app: FastAPI) -> None:
    """Show page errors as pages, and send the browser to log in when a page needs it."""

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> HTMLResponse:
        return render(request, "error.html", exc.status, error=exc, viewer=None)

    @app.exception_handler(LoginRequired)
    async def _login(_: Request, exc: LoginRequired) -> RedirectResponse:
        level = f"&level={exc.level}" if exc.level else ""
        target = f"{exc.login_path}?next={quote(safe_next(exc.next_path))}{level}"
        return RedirectResponse(target, status_code=303)
