"""`ansinh lifeevents counts` prints each chain's handled records and deadline."""

from __future__ import annotations

from typer.testing import CliRunner

from ansinh.cli import app


def test_counts_lists_both_chains_with_their_deadlines(database_url: str) -> None:
    result = CliRunner().invoke(app, ["lifeevents", "counts"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "birth" in result.output and "death" in result.output
    assert " 3 " in result.output and " 18 " in result.output


def test_subscribe_explains_an_unreachable_registry(database_url: str) -> None:
    args = ["lifeevents", "subscribe", "http://127.0.0.1:9", "http://x/notify", "--key", "k"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "did not subscribe" in result.output
