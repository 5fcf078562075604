"""`ansinh reconcile` (contract CLI over files) and the `ansinh linkage` commands."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ansinh.core.db import unit_of_work
from ansinh.linkage import register_client
from ansinh.linkage.backends import BACKENDS, get_backend
from ansinh.linkage.files import BadRecords, read_records, write_matches, write_summary
from ansinh.linkage.jobs import reconcile_registry
from ansinh.linkage.matcher_settings import load_settings
from ansinh.linkage.pipeline import STEPS
from ansinh.linkage.pipeline import reconcile as run_pipeline
from ansinh.linkage.register_client import RegisterUnavailable
from ansinh.synth.messy import make_truth

err = Console(stderr=True)
app = typer.Typer(help="Population-register reconciliation.", no_args_is_help=True)


def reconcile(
    population: Annotated[
        Path,
        typer.Option("--population", exists=True, dir_okay=False, help="Register (.csv/.parquet)"),
    ],
    insured: Annotated[
        Path,
        typer.Option("--insured", exists=True, dir_okay=False, help="Insured (.csv/.parquet)"),
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for matches.csv and summary.json")],
    settings: Annotated[
        Path | None, typer.Option("--settings", help="Matcher settings JSON (default: shipped)")
    ] = None,
    backend: Annotated[
        str, typer.Option("--backend", help=f"Splink backend: {', '.join(BACKENDS)}")
    ] = "duckdb",
) -> None:
    """Match insured records to register records; write matches.csv and summary.json to OUT."""
    began = time.perf_counter()
    try:
        engine = get_backend(backend)
        matcher = load_settings(settings)
        register, records = read_records(population), read_records(insured)
    except (BadRecords, ValueError, ImportError, OSError) as error:
        raise typer.BadParameter(str(error)) from error
    columns = (TextColumn("{task.description:<12}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("reading", total=len(STEPS))

        def advance(step: str) -> None:
            progress.update(task, description=step, completed=STEPS.index(step))

        result = run_pipeline(
            population=register, insured=records, settings=matcher, backend=engine, on_step=advance
        )
        progress.update(task, description="writing", completed=len(STEPS))
    out.mkdir(parents=True, exist_ok=True)
    write_matches(result.matches, out / "matches.csv")
    summary = result.summary | {"wall_seconds": round(time.perf_counter() - began, 3)}
    write_summary(summary, out / "summary.json")
    counts = ", ".join(f"{n:,} {status}" for status, n in summary["statuses"].items())
    err.print(f"reconcile: {counts} in {summary['wall_seconds']:.1f} s → {out}")


@app.command("messy")
def messy(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the files into")],
    population: Annotated[int, typer.Option("--population", min=1)] = 10_000,
    insured: Annotated[int, typer.Option("--insured", min=1)] = 9_000,
    seed: Annotated[int, typer.Option("--seed")] = 0,
) -> None:
    """Write synthetic register and messy insured records with their truth (for testing)."""
    try:
        truth = make_truth(population=population, insured=insured, seed=seed)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(truth.population, out / "population.parquet")
    pq.write_table(truth.insured, out / "insured.parquet")
    pacsv.write_csv(truth.links, out / "truth.csv")
    err.print(f"messy: {population:,} register and {insured:,} insured records → {out}")


@app.command("run")
def run(
    backend: Annotated[
        str, typer.Option("--backend", help=f"Splink backend: {', '.join(BACKENDS)}")
    ] = "duckdb",
) -> None:
    """Reconcile the registry against the population register (its bulk extract, over HTTP)."""
    register = register_client.connect()
    if register is None:
        raise typer.BadParameter(
            "set ANSINH_POPULATION_REGISTER_URL and ANSINH_POPULATION_REGISTER_KEY first"
        )
    try:
        with unit_of_work() as session:
            result = reconcile_registry(
                db_session=session, register=register, backend=get_backend(backend)
            )
            summary = result.summary
    except RegisterUnavailable as error:
        raise typer.BadParameter(str(error)) from error
    counts = ", ".join(f"{n:,} {status}" for status, n in summary["statuses"].items())
    err.print(f"linkage run: {counts} (settings v{summary['settings_version']})")
