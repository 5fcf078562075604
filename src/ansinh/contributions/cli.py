"""`ansinh contributions`: declare a file, close months, show an employer's account."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ansinh.contributions.declarations import service as declarations
from ansinh.contributions.declarations.files import read_lines
from ansinh.contributions.exceptions import DeclarationRejected
from ansinh.contributions.jobs import close_months
from ansinh.core.config import get_settings
from ansinh.core.db import unit_of_work
from ansinh.core.security.actor import SYSTEM
from ansinh.core.tabular import digest_file, kind_of

err = Console(stderr=True)
app = typer.Typer(help="Employer declarations, bills and the SI book.", no_args_is_help=True)


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise typer.BadParameter("give a month as YYYY-MM") from None


@app.command("declare")
def declare(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX file")],
    month: Annotated[str, typer.Option(help="Declared month, YYYY-MM")],
    partial: Annotated[bool, typer.Option(help="Apply the valid lines if some are bad")] = False,
) -> None:
    """Apply a declaration file in one transaction (as the system actor)."""
    declared, kind = _month(month), kind_of(file.name, None)
    try:
        with unit_of_work() as session, file.open("rb") as stream:
            outcome = declarations.submit(
                db_session=session,
                actor=SYSTEM,
                purpose="declaration file loaded by an operator",
                month=declared,
                allow_partial=partial,
                source=kind,
                key=digest_file(
                    stream,
                    prefix=declarations.hash_prefix(month=declared, allow_partial=partial),
                    max_bytes=get_settings().upload_max_bytes,
                ),
                raw_lines=read_lines(stream, kind),
            )
    except DeclarationRejected as exc:
        for error in exc.extensions["errors"][:20]:
            err.print(f"line {error['line']}: {error['field'] or ''} {error['reason']}")
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None
    d = outcome.declaration
    err.print(
        f"declaration {d.declaration_id}{' (already received)' if outcome.duplicate else ''}: "
        f"{d.lines_accepted:,} of {d.lines_total:,} lines applied, "
        f"{outcome.created_persons:,} persons registered"
    )


@app.command("close")
def close(
    first: Annotated[str, typer.Argument(help="First month, YYYY-MM")],
    through: Annotated[str | None, typer.Argument(help="Last month (default: the first)")] = None,
) -> None:
    """Compute every employer's bills for the months and mark them closed."""
    with unit_of_work() as session:
        change = close_months(
            db_session=session, first=_month(first), through=_month(through or first)
        )
    err.print(f"recorded {change.inserted:,} months, superseded {change.closed:,}")
