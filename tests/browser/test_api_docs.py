"""With every request to another host refused, `/docs` and `/redoc` still render the API."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

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


@pytest.mark.parametrize(
    ("path", "rendered", "least"),
    [("/docs", ".swagger-ui .opblock", 10), ("/redoc", "redoc .api-content h2", 10)],
)
def test_the_api_docs_render_without_the_internet(
    live: Live, chromium: Any, path: str, rendered: str, least: int
) -> None:
    page, refused = _offline_page(chromium, live.portal)
    page.goto(live.portal + path)
    page.wait_for_selector(rendered, timeout=30_000)
    assert page.locator(rendered).count() > least
    name = "api-docs" if path == "/docs" else "api-redoc"
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    assert refused == []
