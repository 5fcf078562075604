"""`ansinh payroll`: compute, approve, send and report payroll runs."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ansinh.core.db import unit_of_work
from ansinh.core.errors import ProblemError
from ansinh.core.security.actor import Actor
from ansinh.payments import bank_client, cash, reconcile, runs, send
from ansinh.payments.jobs import bank_round_trip

out, err = Console(), Console(stderr=True)
app = typer.Typer(help="Monthly and daily payroll runs, their files and reconciliation.")
Officer = Annotated[str, typer.Option("--as", help="The officer acting (maker or checker)")]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        raise typer.BadParameter("give a month YYYY-MM or a day YYYY-MM-DD") from None


@app.command("run")
def run(
    period: Annotated[str, typer.Argument(help="Month YYYY-MM, or day YYYY-MM-DD with --daily")],
    province: Annotated[str, typer.Option(help="Province code")],
    officer: Officer,
    daily: Annotated[bool, typer.Option(help="The day's one-off payments")] = False,
) -> None:
    """Compute a run (once: computing it again shows it as it is)."""
    with unit_of_work() as db_session:
        computed = runs.compute(
            db_session=db_session,
            kind="daily" if daily else "monthly",
            period=_date(period),
            province_code=province,
            actor=Actor(kind="officer", id=officer),
        )
        out.print(
            f"run {computed.run_id}: {computed.kind} {computed.period} province "
            f"{computed.province_code}, {computed.lines} payments, {computed.total:,} VND, "
            f"paid {computed.pay_date}, {computed.status}"
        )


@app.command("approve")
def approve(run_id: int, officer: Officer) -> None:
    """Approve a run computed by another officer; it is frozen from then on."""
    try:
        with unit_of_work() as db_session:
            approved = runs.approve(
                db_session=db_session, run_id=run_id, actor=Actor(kind="officer", id=officer)
            )
            out.print(f"run {approved.run_id}: {approved.status} by {approved.approved_by}")
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None


@app.command("send")
def send_run(run_id: int) -> None:
    """Write and validate the run's pain.001, then post it to the configured bank."""
    try:
        with unit_of_work() as db_session:
            sent = send.prepare(db_session=db_session, run_id=run_id)
            out.print(f"run {sent.run_id}: {send.file_path(sent)} ({sent.msg_id})")
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None
    bank = bank_client.connect()
    if bank is None:
        err.print("no bank configured (ANSINH_BANK_URL): the file is kept, not posted")
        return
    posted, stored, changed = bank_round_trip(bank=bank)
    out.print(f"files posted {posted}; reports stored {stored}; payments changed {changed}")


@app.command("cash-list")
def cash_list(run_id: int) -> None:
    """Print the run's cash payments as CSV, for the post office."""
    with unit_of_work() as db_session:
        cash.write_list(db_session=db_session, run_id=run_id, out=sys.stdout)


@app.command("cash-answers")
def cash_answers(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV from the post")],
) -> None:
    """Apply the post office's answers: end_to_end_id, outcome (paid or unpaid)."""
    try:
        with unit_of_work() as db_session, file.open(encoding="utf-8") as answers:
            changed = cash.read_answers(db_session=db_session, answers=answers)
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None
    out.print(f"payments changed: {changed}")


@app.command("report")
def report(run_id: int) -> None:
    """The run's totals by state, and whether they balance to the đồng."""
    try:
        with unit_of_work() as db_session:
            runs.get_run_by_id(db_session=db_session, run_id=run_id)
            totals = reconcile.totals(db_session=db_session, run_id=run_id)
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None
    table = Table("state", "VND", title=f"run {run_id}: {totals.count} payments")
    for name in ("instructed", "booked", "paid_cash", "rejected", "returned", "in_flight"):
        table.add_row(name, f"{getattr(totals, name):,}")
    out.print(table)
    out.print("[green]balanced[/]" if totals.balanced else "[red]NOT balanced[/]")
    if not totals.balanced:
        raise typer.Exit(1)
