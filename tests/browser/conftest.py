"""Browser tests: the platform and the sandbox e-ID served on real ports, driven by Chromium.

They need Debian's Chromium at /usr/bin/chromium (`scripts/ensure-chromium.sh` installs it);
without it they are skipped with a loud reason, repeated at the end of the run.
"""

from __future__ import annotations

import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ansinh.core import config, db
from ansinh.eid.keys import public_jwks
from sandbox.eid.app import create_eid_app
from sandbox.eid.provider import Provider
from sandbox.eid.serve import serve_in_thread, stop
from sandbox.eid.store import CitizenStore, RegisteredClient
from tests.portal.conftest import alice, population  # noqa: F401  (fixtures)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
SCREENSHOTS = Path(tempfile.gettempdir()) / "ansinh-screenshots"
MISSING = (
    "!!! CHROMIUM NOT FOUND AT /usr/bin/chromium — BROWSER TESTS SKIPPED !!! "
    "Run scripts/ensure-chromium.sh (apt-get install chromium) to run them."
)
_skipped: list[str] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip every browser test, loudly, when Chromium is missing."""
    if CHROMIUM.exists():
        return
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.skip(reason=MISSING))
            _skipped.append(item.nodeid)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Repeat the reason at the end of the run, where nobody can miss it."""
    if _skipped:
        terminalreporter.write_sep("!", MISSING, red=True, bold=True)
    elif SCREENSHOTS.exists() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Live:
    """Where the served platform and sandbox e-ID answer."""

    portal: str
    issuer: str


@pytest.fixture()
def live(
    db_session: Session,
    population: list[Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Live]:
    """Serve the platform (sharing the test's transaction) and the sandbox e-ID on free ports."""
    from ansinh.app import create_app

    portal = f"http://127.0.0.1:{_free_port()}"
    issuer = f"http://127.0.0.1:{_free_port()}"
    monkeypatch.setenv("ANSINH_PORTAL_URL", portal)
    monkeypatch.setenv("ANSINH_EID_ISSUER", issuer)
    config.get_settings.cache_clear()
    settings = config.get_settings()
    client = RegisteredClient(
        client_id=settings.eid_client_id,
        name="Cổng dịch vụ BHXH (ansinh)",
        redirect_uris=(f"{portal}/auth/callback",),
        post_logout_redirect_uris=(f"{portal}/",),
        jwks=public_jwks(),
    )
    store = CitizenStore.synthetic(people=60, seed=11, province="79")
    provider = Provider(issuer=issuer, store=store, clients=[client])
    app = create_app()
    lock = threading.Lock()

    def _session() -> Iterator[Session]:
        with lock:  # one request at a time on the test's connection
            yield db_session
            db_session.commit()

    app.dependency_overrides[db.get_db] = _session
    servers = [
        serve_in_thread(
            create_eid_app(provider), host="127.0.0.1", port=int(issuer.rsplit(":", 1)[1])
        ),
        serve_in_thread(app, host="127.0.0.1", port=int(portal.rsplit(":", 1)[1])),
    ]
    yield Live(portal=portal, issuer=issuer)
    for server in servers:
        stop(server)
    config.get_settings.cache_clear()


@pytest.fixture()
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
