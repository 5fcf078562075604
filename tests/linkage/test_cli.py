"""`ansinh reconcile`: the contract CLI over CSV or Parquet files."""

import csv
import json
from pathlib import Path

import pyarrow.csv as pacsv
from typer.testing import CliRunner

from ansinh.cli import app
from ansinh.synth.messy import make_truth

runner = CliRunner()


def test_reconcile_writes_matches_and_summary(tmp_path: Path) -> None:
    truth = make_truth(population=400, insured=350, seed=2)
    population, insured = tmp_path / "pop.csv", tmp_path / "ins.csv"
    pacsv.write_csv(truth.population, population)
    pacsv.write_csv(truth.insured, insured)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "reconcile",
            "--population",
            str(population),
            "--insured",
            str(insured),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    with (out / "matches.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == [
        "insured_record_id",
        "population_record_id",
        "match_probability",
        "method",
    ]
    assert 300 < len(rows) <= 350
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert sum(summary["statuses"].values()) == 350
    assert summary["wall_seconds"] > 0


def test_a_file_without_the_contract_columns_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,name\n1,An\n", encoding="utf-8")
    result = runner.invoke(
        app, ["reconcile", "--population", str(bad), "--insured", str(bad), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "missing column" in result.output


def test_messy_writes_register_insured_and_truth(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["linkage", "messy", "--out", str(tmp_path), "--population", "50", "--insured", "40"]
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {
        "population.parquet",
        "insured.parquet",
        "truth.csv",
    }


def test_linkage_run_needs_a_configured_register() -> None:
    result = runner.invoke(app, ["linkage", "run"])
    assert result.exit_code == 2
    assert "ANSINH_POPULATION_REGISTER_URL" in result.output
