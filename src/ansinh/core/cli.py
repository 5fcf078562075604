"""Operator commands for the platform core: serve, database, API clients."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from ansinh.core.config import get_settings
from ansinh.core.db import get_engine, owner_engine, unit_of_work
from ansinh.core.errors import ProblemError
from ansinh.core.migrate import upgrade as migrate_upgrade
from ansinh.core.security import service as clients_service
from ansinh.core.security.scopes import SCOPES
from ansinh.core.shutdown import exit_cleanly_on_sigterm

err = Console(stderr=True)
WORKER_HEALTHCHECK_SECONDS = 60
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
clients_app = typer.Typer(
    help="API clients (clinics, partners, employers' software).", no_args_is_help=True
)


@db_app.command("upgrade")
def db_upgrade(revision: str = "heads") -> None:
    """Apply migrations up to REVISION (default: every head)."""
    migrate_upgrade(owner_engine(), revision)
    err.print(f"[green]database migrated to {revision}[/]")


@clients_app.command("create")
def clients_create(
    client_id: Annotated[str, typer.Argument(help="Stable id, e.g. 79011_BV")],
    name: Annotated[str, typer.Option(help="Display name")],
    scopes: Annotated[
        str, typer.Option(help=f"Comma-separated, among: {', '.join(SCOPES)}")
    ] = "registry:read",
) -> None:
    """Register an API client and print its key once (unknown scopes are refused)."""
    try:
        with unit_of_work() as session:
            _, key = clients_service.create(
                db_session=session,
                client_id=client_id,
                name=name,
                scopes=[s.strip() for s in scopes.split(",") if s.strip()],
            )
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(2) from None
    typer.echo(key)


def serve(
    host: Annotated[str | None, typer.Option(help="Bind address")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Server processes (default: the core count)")
    ] = None,
) -> None:
    """Serve the platform API (migrations must be applied) with one process per core."""
    settings = get_settings()
    count = workers or os.cpu_count() or 1
    # The workers are started afresh and read their settings from the environment.
    os.environ["ANSINH_WORKERS"] = str(count)
    exit_cleanly_on_sigterm()
    get_engine()  # start the embedded database before the server takes requests
    uvicorn.run(
        "ansinh.app:served_app",
        factory=True,
        access_log=False,
        host=host or settings.host,
        port=port or settings.port,
        workers=count,
        # A worker imports the whole platform before it answers the supervisor's health check;
        # on a loaded machine that takes longer than uvicorn's 5 s, and it would be killed and
        # restarted forever.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
