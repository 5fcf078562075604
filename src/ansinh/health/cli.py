"""`ansinh hi`: issue cards, gateway passwords, the card-signing key, offline QR checks."""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console

from ansinh.core.clock import today
from ansinh.core.db import get_engine, unit_of_work
from ansinh.core.signing import key_set, public_jwks
from ansinh.health.cards.qr import InvalidCardQr, verify_card
from ansinh.health.gateway.auth import set_password
from ansinh.health.jobs import issue_cards

err = Console(stderr=True)
app = typer.Typer(help="Health insurance cards.", no_args_is_help=True)


@app.command("issue")
def issue(
    on: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Issue date (default today)")
    ] = None,
    household_share: Annotated[
        float, typer.Option(min=0, max=1, help="Share of people without a job on a GD card")
    ] = 0.6,
) -> None:
    """Issue, renew and end cards from registry participation (one transaction)."""
    day = on.date() if on else today()
    with get_engine().begin() as connection:
        summary = issue_cards(connection=connection, on=day, household_share=household_share)
    err.print(
        f"cards as of {day}: {summary.issued:,} issued, {summary.renewed:,} renewed, "
        f"{summary.ended:,} ended"
    )


@app.command("jwks")
def jwks() -> None:
    """Print the public key set that verifies card QR codes (for offline verifiers)."""
    typer.echo(json.dumps(public_jwks(), indent=2))


def _load_jwks(source: str | None) -> dict[str, Any]:
    if source is None:
        return public_jwks()
    if source.startswith(("https://", "http://")):
        response = httpx.get(source, timeout=10)
        response.raise_for_status()
        loaded: dict[str, Any] = response.json()
        return loaded
    loaded = json.loads(Path(source).read_text(encoding="utf-8"))
    return loaded


@app.command("verify-qr")
def verify_qr(
    token: Annotated[str, typer.Argument(help="The QR text (a compact JWS), or - for stdin")],
    jwks_source: Annotated[
        str | None,
        typer.Option("--jwks", help="JWKS file or URL (default: this platform's own key)"),
    ] = None,
) -> None:
    """Verify a card QR offline against the published key; print its claims."""
    text = sys.stdin.read() if token == "-" else token
    try:
        kid, claims = verify_card(text, key_set(_load_jwks(jwks_source)))
    except InvalidCardQr as exc:
        err.print(f"[red]invalid card QR[/]: {exc.detail}")
        raise typer.Exit(1) from None
    err.print(f"[green]valid signature[/] (key {kid})")
    typer.echo(json.dumps(claims, ensure_ascii=False, indent=2))


@app.command("gateway-password")
def gateway_password(
    client_id: Annotated[str, typer.Argument(help="A facility-bound API client, e.g. 79011_BV")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Set the password a hospital system uses on the gateway-compatible API."""
    with unit_of_work() as session:
        set_password(
            db_session=session,
            client_id=client_id,
            password_md5=hashlib.md5(password.encode()).hexdigest(),
        )
    err.print(f"gateway password set for {client_id}")
