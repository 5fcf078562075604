"""`ansinh hi issue` runs the issuance job as of a date and reports what it did."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from ansinh.cli import app
from ansinh.health import cli
from ansinh.health.jobs import IssueSummary


def test_issue_runs_the_job_and_reports_its_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def fake_issue(**kwargs: Any) -> IssueSummary:
        calls.append(kwargs)
        return IssueSummary(issued=3, renewed=2, ended=1)

    monkeypatch.setattr(cli, "issue_cards", fake_issue)
    monkeypatch.setattr(cli, "get_engine", lambda: _NoEngine())
    result = CliRunner().invoke(
        app, ["hi", "issue", "--on", "2026-11-01", "--household-share", "0.5"]
    )
    assert result.exit_code == 0, result.output
    assert (calls[0]["on"], calls[0]["household_share"]) == (date(2026, 11, 1), 0.5)
    assert "cards as of 2026-11-01: 3 issued, 2 renewed, 1 ended" in result.output


class _NoEngine:
    """Stands in for the engine: `begin()` yields no connection (the job is faked)."""

    def begin(self) -> Any:
        return nullcontext(None)
