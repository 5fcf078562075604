"""`ansinh claims ...`: a province's queue, entitlements listed or exported, pre-filled pensions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ansinh.benefits.claims import service
from ansinh.benefits.claims.export import to_csv
from ansinh.benefits.claims.jobs import prefill_pensions
from ansinh.core.db import unit_of_work
from ansinh.core.security.actor import Actor

out = Console()
app = typer.Typer(help="Benefit claims, decisions and entitlements.", no_args_is_help=True)
OPERATOR = Actor(kind="system", id="ansinh-cli")
Purpose = Annotated[str, typer.Option("--purpose", help="Why (kept in the audit log)")]


@app.command("queue")
def queue(
    province: Annotated[str, typer.Argument(help="2-digit province code, e.g. 79")],
    purpose: Purpose = "work the province's claims queue",
) -> None:
    """Claims waiting for a decision in PROVINCE, soonest due first."""
    with unit_of_work() as session:
        items = service.queue(session, province_code=province, actor=OPERATOR, purpose=purpose)
    table = Table("reference", "branch", "status", "received", "due", "late", "late filing")
    for item in items:
        table.add_row(
            item.reference,
            item.branch.value,
            item.status.value,
            item.received_on.isoformat(),
            item.due_on.isoformat() if item.due_on else "",
            "yes" if item.late else "",
            "yes" if item.late_filing else "",
        )
    out.print(table)


@app.command("entitlements")
def entitlements(
    since: Annotated[
        str | None, typer.Option("--since", help="Only those starting on or after (YYYY-MM-DD)")
    ] = None,
    csv_file: Annotated[
        Path | None, typer.Option("--csv", dir_okay=False, help="Write them to this CSV file")
    ] = None,
    purpose: Purpose = "export entitlements for payment",
) -> None:
    """Active entitlements, listed or exported (until the payments domain takes them over)."""
    start = date.fromisoformat(since) if since else None
    with unit_of_work() as session:
        rows = service.list_entitlements(session, since=start, actor=OPERATOR, purpose=purpose)
    if csv_file is not None:
        csv_file.write_text(to_csv(rows), encoding="utf-8")
        out.print(f"{len(rows)} entitlements written to {csv_file}")
        return
    table = Table("claim", "branch", "kind", "amount (VND)", "start", "channel")
    for row in rows:
        table.add_row(
            str(row.claim_id),
            row.branch,
            row.kind,
            f"{row.amount:,}",
            row.start.isoformat(),
            row.channel,
        )
    out.print(table)


@app.command("prefill-pensions")
def prefill() -> None:
    """Pre-fill the pension claims of everyone retiring next month (the monthly job, now)."""
    with unit_of_work() as session:
        made = prefill_pensions(db_session=session)
    out.print(f"{made} pension claims pre-filled, awaiting confirmation")
