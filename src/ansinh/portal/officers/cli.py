"""`ansinh officers create`, `unlock`: back-office accounts (passwords prompted) and lockouts."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ansinh.core.db import unit_of_work
from ansinh.core.errors import ProblemError
from ansinh.portal.models import ROLES
from ansinh.portal.officers import service, throttle

err = Console(stderr=True)
app = typer.Typer(
    help="Officers' local accounts (roles: " + ", ".join(ROLES) + ").", no_args_is_help=True
)


@app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="Login name, e.g. nguyen.van.a")],
    full_name: Annotated[str, typer.Option("--full-name", help="Display name")],
    role: Annotated[str, typer.Option(help="officer, reviewer, supervisor or admin")] = "officer",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="ANSINH_OFFICER_PASSWORD",
            help="At least 12 characters (prompted; or ANSINH_OFFICER_PASSWORD)",
        ),
    ] = "",
) -> None:
    """Create an officer account (only the argon2 hash of the password is stored)."""
    try:
        with unit_of_work() as session:
            service.create_officer(
                db_session=session,
                username=username,
                full_name=full_name,
                role=role,
                password=password,
            )
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None
    err.print(f"[green]officer {username} created with role {role}[/]")


@app.command("unlock")
def unlock(
    username: Annotated[str, typer.Argument(help="Login name of the locked-out officer")],
) -> None:
    """Lift an officer's login back-off and lockout after failed passwords."""
    with unit_of_work() as session:
        lifted = throttle.unlock(db_session=session, username=username)
    state = "unlocked" if lifted else "had no lock; nothing to lift"
    err.print(f"[green]officer {username} {state}[/]")
