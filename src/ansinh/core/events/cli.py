"""`ansinh events`: the dead-letter list and replays."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ansinh.core.db import unit_of_work
from ansinh.core.events import service

out, err = Console(), Console(stderr=True)
app = typer.Typer(help="Domain events: dead letters and replays.", no_args_is_help=True)


@app.command("dead")
def dead(limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100) -> None:
    """List deliveries that failed every attempt (newest first)."""
    with unit_of_work() as session:
        letters = service.dead_letters(db_session=session, limit=limit)
    table = Table("event id", "event", "handler", "attempts", "last error", "updated")
    for d in letters:
        table.add_row(
            str(d.event_id),
            d.event_name,
            d.handler,
            str(d.attempts),
            d.last_error or "",
            f"{d.updated_at:%Y-%m-%d %H:%M:%S}",
        )
    out.print(table)
    err.print(f"{len(letters)} dead letter(s)")


@app.command("replay")
def replay(
    event_id: Annotated[
        str | None, typer.Argument(help="Event id (see `ansinh events dead`)")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Replay every dead letter")] = False,
) -> None:
    """Queue dead deliveries again with a fresh set of attempts."""
    if (event_id is None) == (not every):
        raise typer.BadParameter("give an EVENT_ID or --all (not both)")
    try:
        target = uuid.UUID(event_id) if event_id else None
    except ValueError:
        raise typer.BadParameter("EVENT_ID is not a UUID") from None
    with unit_of_work() as session:
        count = service.replay(db_session=session, event_id=target)
    err.print(f"{count} deliver{'y' if count == 1 else 'ies'} queued again")
    if count == 0 and target is not None:
        raise typer.Exit(1)
