"""`ansinh synth` as a Typer command: mounted as a sub-app and as a plain command."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from ansinh.synth import cli as synth_cli

runner = CliRunner()


def _top_level(mount: str) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def version() -> None:
        """A second command, so that `synth` is a real subcommand."""

    if mount == "add_typer":
        app.add_typer(synth_cli.app, name="synth")
    else:
        app.command("synth")(synth_cli.synth)
    return app


def test_synth_writes_the_files_and_prints_a_summary(tmp_path: Path) -> None:
    for mount in ("add_typer", "command"):
        out = tmp_path / mount
        args = ["synth", "--people", "500", "--seed", "3", "--out", str(out), "--format", "csv"]
        result = runner.invoke(_top_level(mount), args)
        assert result.exit_code == 0, result.output
        assert "500 persons" in result.stdout
        assert sorted(p.name for p in out.iterdir()) == [
            "careers.csv",
            "employers.csv",
            "employments.csv",
            "manifest.json",
            "persons.csv",
            "salaries.csv",
        ]


def test_province_option_limits_the_data_set(tmp_path: Path) -> None:
    args = ["--people", "300", "--province", "01", "--out", str(tmp_path)]
    result = runner.invoke(synth_cli.app, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["province"] == "01"
    assert manifest["format"] == "parquet"


def test_unknown_province_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(synth_cli.app, ["--province", "99", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a current province code" in result.output
