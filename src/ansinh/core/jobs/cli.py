"""`ansinh jobs`: what the job queue did and is doing."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ansinh.core.db import unit_of_work
from ansinh.core.jobs.service import recent_jobs

out = Console()
app = typer.Typer(help="The job queue: scheduled work and event dispatch.", no_args_is_help=True)


@app.command("list")
def list_jobs(
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 30,
    task: Annotated[
        str | None, typer.Option(help="Only this task, e.g. linkage:follow_feed")
    ] = None,
) -> None:
    """The latest jobs, newest first: task, status, attempts, when queued, started and finished."""
    with unit_of_work() as session:
        jobs = recent_jobs(db_session=session, limit=limit, task=task)
    table = Table("id", "task", "status", "attempts", "queued", "started", "finished", "seconds")
    for job in jobs:
        table.add_row(
            str(job.id),
            job.task,
            job.status,
            str(job.attempts),
            *(
                f"{t:%Y-%m-%d %H:%M:%S}" if t else ""
                for t in (job.queued_at, job.started_at, job.finished_at)
            ),
            "" if job.seconds is None else f"{job.seconds:.1f}",
        )
    out.print(table)
