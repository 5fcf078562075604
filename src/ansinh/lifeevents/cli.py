"""`ansinh lifeevents`: subscribe to the civil registry, show the inbox's counts by chain."""

from __future__ import annotations

from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from ansinh.core.db import unit_of_work
from ansinh.lifeevents import service

out = Console()
err = Console(stderr=True)
app = typer.Typer(help="Life events from the civil registry.", no_args_is_help=True)
TIMEOUT = 10.0


@app.command()
def subscribe(
    registry_url: Annotated[
        str, typer.Argument(help="The civil registry, e.g. http://127.0.0.1:8004")
    ],
    callback_url: Annotated[str, typer.Argument(help="This platform's /api/v1/lifeevents/notify")],
    key: Annotated[str, typer.Option(prompt=True, hide_input=True, help="Our API key there")],
) -> None:
    """Subscribe to births and deaths and keep the registry's signing keys."""
    try:
        with httpx.Client(base_url=registry_url, timeout=TIMEOUT) as http:
            made = http.post(
                "/v1/subscriptions",
                json={"callback_url": callback_url},
                headers={"X-API-Key": key},
            )
            made.raise_for_status()
            jwks = http.get("/.well-known/jwks.json").raise_for_status().json()
    except httpx.HTTPError as exc:
        err.print(f"[red]the civil registry did not subscribe us: {type(exc).__name__}[/]")
        raise typer.Exit(1) from None
    subscription_id = made.json()["subscription_id"]
    with unit_of_work() as db_session:
        service.add_subscription(
            db_session=db_session,
            subscription_id=subscription_id,
            source="civil-registry",
            jwks=jwks,
        )
    err.print(f"subscribed: {subscription_id}")


@app.command()
def counts() -> None:
    """Integrated-procedure records handled by chain, and the share within the deadline."""
    with unit_of_work() as db_session:
        rows = service.chain_counts(db_session=db_session)
    table = Table("chain", "handled", "within deadline", "deadline (working days)")
    for row in rows:
        share = f"{row.within_deadline} ({row.share_within:.0%})"
        table.add_row(row.kind, str(row.handled), share, str(row.deadline_working_days))
    out.print(table)
