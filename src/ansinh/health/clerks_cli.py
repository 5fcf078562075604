"""`ansinh facilities clerks`: who may look HI cards up for a facility, managed by an operator.

Personal IDs are prompted for (never command-line arguments, which shells keep in history) and
shown masked.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ansinh.core.db import unit_of_work
from ansinh.core.errors import ProblemError
from ansinh.health import service
from ansinh.health.schemas import FacilityUserCreate, FacilityUserRead

err = Console(stderr=True)
app = typer.Typer(help="Health facilities.", no_args_is_help=True)
clerks = typer.Typer(help="A facility's clerks (checked by the gateway).", no_args_is_help=True)
app.add_typer(clerks, name="clerks")

Facility = Annotated[str, typer.Argument(help="Facility code, e.g. 79001")]
PersonalId = Annotated[str, typer.Option(prompt=True, help="The clerk's 12-digit personal ID")]


@clerks.command("add")
def add(
    facility: Facility,
    full_name: Annotated[str, typer.Option(help="The clerk's full name, as on the ID card")],
    personal_id: PersonalId,
) -> None:
    """Put a clerk on the facility's list."""
    try:
        clerk = FacilityUserCreate(personal_id=personal_id, full_name=full_name)
        with unit_of_work() as session:
            added = service.add_facility_user(
                db_session=session, facility_code=facility, user_in=clerk
            )
            shown = FacilityUserRead.of(added)
    except (ProblemError, ValueError) as exc:
        err.print(f"[red]{getattr(exc, 'detail', exc)}[/]")
        raise typer.Exit(2) from None
    err.print(f"[green]{shown.full_name} ({shown.personal_id_masked}) added to {facility}[/]")


@clerks.command("list")
def list_clerks(facility: Facility) -> None:
    """The facility's clerks, personal IDs masked."""
    try:
        with unit_of_work() as session:
            users = service.list_facility_users(db_session=session, facility_code=facility)
            shown = [FacilityUserRead.of(u) for u in users]
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(2) from None
    for clerk in shown:
        typer.echo(f"{clerk.user_id}\t{clerk.personal_id_masked}\t{clerk.full_name}")


@clerks.command("disable")
def disable(facility: Facility, personal_id: PersonalId) -> None:
    """Take a clerk off the facility's list: the gateway refuses them from then on."""
    with unit_of_work() as session:
        removed = service.remove_facility_user(
            db_session=session, facility_code=facility, personal_id=personal_id
        )
    if not removed:
        err.print(f"[red]no such clerk on the list of {facility}[/]")
        raise typer.Exit(1)
    err.print(f"[green]clerk taken off the list of {facility}[/]")
