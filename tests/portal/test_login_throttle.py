"""Issue 18 item 2: officer password guessing is slowed by account and by address, then locked.

The lock expires by itself and an admin can lift it sooner; attempts are logged without the
password.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.cli import app
from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.portal.officers import cli, throttle
from ansinh.portal.officers import service as officers
from tests.portal.conftest import officer_login

USERNAME, PASSWORD, WRONG = "le.thi.b", "the right password 1", "a wrong password 42"
START = datetime(2026, 12, 7, 9, 0, tzinfo=clock.VIETNAM)
STEP = timedelta(seconds=61)  # past the longest back-off set below, well inside the lockout


@pytest.fixture(autouse=True)
def policy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The default thresholds, with the back-off capped at a minute so a test can wait it out."""
    monkeypatch.setenv("ANSINH_LOGIN_BACKOFF_MAX_SECONDS", "60")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture()
def officer(db_session: Session) -> str:
    """An officer account."""
    officers.create_officer(
        db_session=db_session,
        username=USERNAME,
        full_name="Lê Thị B",
        role="officer",
        password=PASSWORD,
    )
    return USERNAME


def _guess(browser: TestClient, times: int, at: datetime) -> tuple[list[int], datetime]:
    statuses = []
    for _ in range(times):
        with clock.frozen_at(at):
            statuses.append(officer_login(browser, USERNAME, WRONG).status_code)
        at += STEP
    return statuses, at


def _right(browser: TestClient, at: datetime) -> int:
    with clock.frozen_at(at):
        return int(officer_login(browser, USERNAME, PASSWORD, follow_redirects=False).status_code)


def test_25_wrong_passwords_lock_the_account_and_the_right_one_is_refused(
    browser: TestClient, officer: str
) -> None:
    lockout = get_settings().login_lockout_failures
    statuses, at = _guess(browser, 25, START)
    assert statuses == [401] * lockout + [429] * (25 - lockout)
    with clock.frozen_at(at):
        refused = officer_login(browser, USERNAME, PASSWORD, follow_redirects=False)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Đăng nhập sai quá nhiều lần" in refused.text or "Too many failed logins" in refused.text


def test_the_lock_expires(browser: TestClient, officer: str) -> None:
    _, at = _guess(browser, 20, START)
    assert _right(browser, at) == 429
    later = at + timedelta(seconds=get_settings().login_lockout_seconds)
    assert _right(browser, later) == 303


def test_an_admin_lifts_the_lock(
    browser: TestClient, officer: str, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    @contextmanager
    def _unit_of_work() -> Iterator[Session]:
        yield db_session

    monkeypatch.setattr(cli, "unit_of_work", _unit_of_work)
    _, at = _guess(browser, 20, START)
    result = CliRunner().invoke(app, ["officers", "unlock", USERNAME])
    assert result.exit_code == 0, result.output
    assert "unlocked" in result.output
    assert _right(browser, at) == 303


def test_back_off_starts_early_and_grows(browser: TestClient, officer: str) -> None:
    free = get_settings().login_account_free_failures
    with clock.frozen_at(START):
        statuses = [officer_login(browser, USERNAME, WRONG).status_code for _ in range(free + 2)]
    assert statuses == [401] * (free + 1) + [429]


def test_a_different_address_is_throttled_separately(db_session: Session) -> None:
    free = get_settings().login_address_free_failures
    stranger = throttle.Attempt(username="nobody", address="203.0.113.9")
    with clock.frozen_at(START):
        for n in range(free + 1):
            attempt = throttle.Attempt(username=f"guess{n}", address=stranger.address)
            throttle.record(db_session=db_session, attempt=attempt, succeeded=False)
        assert throttle.wait_seconds(db_session=db_session, attempt=stranger) > 0
        office = throttle.Attempt(username="nobody", address="198.51.100.7")
        assert throttle.wait_seconds(db_session=db_session, attempt=office) == 0


def test_attempts_are_logged_without_the_password(
    browser: TestClient, officer: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with clock.frozen_at(START):
        officer_login(browser, USERNAME, WRONG)
        officer_login(browser, USERNAME, PASSWORD, follow_redirects=False)
    lines = [r.getMessage() for r in caplog.records if r.name == "ansinh.officers.login"]
    assert any("failure" in line and USERNAME in line and "address=" in line for line in lines)
    assert any("success" in line for line in lines)
    assert WRONG not in caplog.text and PASSWORD not in caplog.text
