"""The procrastinate app over the platform's database, and enqueueing inside a caller's transaction.

Jobs live in the same PostgreSQL as the data, so a job enqueued with `enqueue` commits or rolls
back with the change that asked for it: an event recorded in a rolled-back transaction never
reaches a worker.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from procrastinate import App, PsycopgConnector
from sqlalchemy import Connection, make_url, text
from sqlalchemy.orm import Session

from ansinh.core.config import get_settings
from ansinh.core.db import app_url

DEFAULT_QUEUE = "default"
_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, NULL, "
    "CAST(:args AS jsonb), :at)::procrastinate_job_to_defer_v1])"
)


def enqueue(
    executor: Session | Connection,
    task: str,
    args: dict[str, Any],
    *,
    at: datetime | None = None,
    queue: str = DEFAULT_QUEUE,
) -> None:
    """Queue `task(**args)` (from `at` on) in the caller's transaction."""
    executor.execute(_DEFER, {"queue": queue, "task": task, "args": json.dumps(args), "at": at})


def conninfo() -> str:
    """The platform database as a libpq URL (what procrastinate's psycopg pool takes)."""
    url = make_url(app_url(get_settings())).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def new_app() -> App:
    """A procrastinate app on the platform database, with no tasks yet."""
    return App(connector=PsycopgConnector(conninfo=conninfo()))
