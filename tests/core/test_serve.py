"""Issue 17 item 3: `ansinh serve` uses every core, and the processes share the clinics' limit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from ansinh.core import cli, config
from ansinh.health.eligibility.clinic import rate_limiter


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """What `serve` hands uvicorn (the server itself is not started)."""
    calls: dict[str, Any] = {}
    monkeypatch.setattr(cli.uvicorn, "run", lambda app, **options: calls.update(options))
    monkeypatch.setattr(cli, "exit_cleanly_on_sigterm", lambda: None)
    monkeypatch.delenv("ANSINH_WORKERS", raising=False)
    yield calls
    os.environ.pop("ANSINH_WORKERS", None)


def test_serve_starts_one_process_per_core_by_default(served: dict[str, Any]) -> None:
    cli.serve(host=None, port=None)
    assert served["workers"] == os.cpu_count()
    assert os.environ["ANSINH_WORKERS"] == str(os.cpu_count())


def test_serve_starts_the_processes_asked_for_and_tells_them_how_many(
    served: dict[str, Any],
) -> None:
    cli.serve(host=None, port=None, workers=3)
    assert served["workers"] == 3 and served["factory"] is True
    assert served["timeout_worker_healthcheck"] >= 30  # the platform's imports take a while
    assert os.environ["ANSINH_WORKERS"] == "3"


def test_each_process_holds_its_share_of_a_clinic_rate_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ANSINH_HI_RATE_PER_SECOND", "20")
    monkeypatch.setenv("ANSINH_HI_RATE_BURST", "10")
    monkeypatch.setenv("ANSINH_WORKERS", "2")
    config.get_settings.cache_clear()
    rate_limiter.cache_clear()
    try:
        limiter = rate_limiter()
        allowed = [limiter.take("79011_BV") == 0 for _ in range(6)]
        assert allowed == [True] * 5 + [False]  # half the burst of 10 in this process
    finally:
        monkeypatch.undo()
        config.get_settings.cache_clear()
        rate_limiter.cache_clear()
