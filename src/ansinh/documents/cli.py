"""`ansinh documents revoke`: withdraw an issued document (verification then says "revoked")."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ansinh.core.db import unit_of_work
from ansinh.core.errors import ProblemError
from ansinh.core.security.actor import Actor
from ansinh.documents import service

err = Console(stderr=True)
app = typer.Typer(help="Issued documents (PDFs with a sealed QR).", no_args_is_help=True)
OPERATOR = Actor(kind="system", id="ansinh-cli")


@app.command("revoke")
def revoke(
    document_id: Annotated[str, typer.Argument(help="The document number, e.g. VB-ABCDEFGH2345")],
    reason: Annotated[str, typer.Option("--reason", help="Why, kept with the document")],
) -> None:
    """Revoke a document; its verification answers "revoked" from now on."""
    if not reason.strip():
        err.print("[red]a revocation needs a reason[/]")
        raise typer.Exit(1)
    try:
        with unit_of_work() as session:
            service.revoke(
                db_session=session, actor=OPERATOR, document_id=document_id, reason=reason.strip()
            )
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None
    err.print(f"[green]document {document_id} revoked[/]")
