"""Registry commands: load a data set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from ansinh.core.db import owner_engine
from ansinh.registry.jobs import load_dataset

err = Console(stderr=True)


def seed(
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="Directory written by `ansinh synth`", exists=True, file_okay=False
        ),
    ],
) -> None:
    """Load a data set into the registry with COPY (one transaction)."""
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("loading rows", total=None)
        with owner_engine().begin() as connection:
            loaded = load_dataset(
                connection=connection,
                directory=data,
                on_rows=lambda n: progress.advance(task, n),
            )
    err.print("loaded " + ", ".join(f"{n:,} {table}" for table, n in loaded.items()))
