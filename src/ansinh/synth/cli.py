"""`ansinh synth`: generate a synthetic population and workforce into a folder."""

from __future__ import annotations

import time
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ansinh.synth.dataset import DEFAULT_AS_OF, STAGES, generate
from ansinh.synth.writer import write

WHOLE_COUNTRY = "all"


class OutputFormat(StrEnum):
    """File format of the generated tables."""

    parquet = "parquet"
    csv = "csv"


app = typer.Typer(help="Generate synthetic persons, employers, employments and salaries.")


@app.callback(invoke_without_command=True)
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the files into.")],
    people: Annotated[int, typer.Option("--people", min=1, help="Number of persons.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 0,
    province: Annotated[
        str, typer.Option("--province", help="Current 2-digit province code, or 'all'.")
    ] = WHOLE_COUNTRY,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="File format.")] = (
        OutputFormat.parquet
    ),
    as_of: Annotated[
        datetime,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            show_default=DEFAULT_AS_OF.isoformat(),
            help="Reference date of the data set; no generated date is later.",
        ),
    ] = datetime.combine(DEFAULT_AS_OF, datetime.min.time()),
) -> None:
    """Generate a synthetic data set and write it to OUT."""
    began = time.perf_counter()
    columns = (TextColumn("{task.description:<12}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task("starting", total=len(STAGES) + 1)

        def advance(stage: str) -> None:
            progress.update(task, description=stage, completed=STAGES.index(stage))

        try:
            dataset = generate(
                people,
                seed,
                None if province == WHOLE_COUNTRY else province,
                as_of=as_of.date(),
                on_stage=advance,
            )
        except ValueError as error:
            raise typer.BadParameter(str(error)) from error
        progress.update(task, description="writing", completed=len(STAGES))
        write(dataset, out, fmt.value)
        progress.update(task, description="done", completed=len(STAGES) + 1)
    counts = ", ".join(f"{t.num_rows:,} {name}" for name, t in dataset.tables().items())
    seconds = time.perf_counter() - began
    typer.echo(f"synth: {counts} → {out} ({fmt.value}) in {seconds:.1f} s")
