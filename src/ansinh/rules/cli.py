"""`ansinh rules ...`: calculate a case from a JSON file, list parameters."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from ansinh.core import clock
from ansinh.core.errors import reasons_of
from ansinh.rules import service
from ansinh.rules.service import get_benefit

app = typer.Typer(help="Benefit calculations and legal parameters.", no_args_is_help=True)
out = Console()


@app.command("calc")
def calc(
    benefit: Annotated[str, typer.Argument(help="Benefit name, e.g. sickness")],
    input_file: Annotated[
        Path,
        typer.Option("--input", exists=True, dir_okay=False, help="JSON file holding the case"),
    ],
) -> None:
    """Calculate BENEFIT for the case in --input and print the result with its trace (JSON)."""
    try:
        result = get_benefit(benefit).calculate_raw(json.loads(input_file.read_text("utf-8")))
    except LookupError as exc:
        raise typer.BadParameter(str(exc)) from None
    except ValidationError as exc:
        raise typer.BadParameter(reasons_of(exc.errors()), param_hint="--input") from None
    typer.echo(result.model_dump_json(indent=2))


@app.command("parameters")
def parameters(on: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None) -> None:
    """Show every parameter's value in force on a date."""
    table = Table("parameter", "value", "since", "source", "conf.")
    for p in service.list_parameters(on=date.fromisoformat(on) if on else clock.today()):
        table.add_row(
            p.name,
            json.dumps(p.value, ensure_ascii=False),
            str(p.effective_from or "—"),
            p.source or "—",
            p.confidence,
        )
    out.print(table)
