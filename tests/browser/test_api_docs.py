"""With every request to another host refused, `/docs` and `/redoc` still render the API."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tests.browser.conftest import SCREENSHOTS, Live


def _offline_page(chromium: Any, portal: str) -> tuple[Any, list[str]]:
    """A page whose requests to any host but the portal's are aborted (and noted)."""
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    home = urlsplit(portal).netloc
    refused: list[str] = []

    def _route(route: Any) -> None:
        if urlsplit(route.request.url).netloc == home:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", _route)
    return page, refused


def test_swagger_ui_renders_without_the_internet(live: Live, chromium: Any) -> None:
    page, refused = _offline_page(chromium, live.portal)
    page.goto(f"{live.portal}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"))
    assert refused == []


def test_redoc_renders_without_the_internet(live: Live, chromium: Any) -> None:
    page, refused = _offline_page(chromium, live.portal)
    page.goto(f"{live.portal}/redoc")
    page.wait_for_selector("redoc .api-content h2", timeout=30_000)
    assert page.locator("redoc .api-content h2").count() > 10
    page.screenshot(path=str(SCREENSHOTS / "api-redoc.png"))
    assert refused == []
