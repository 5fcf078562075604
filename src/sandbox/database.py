"""Where a sandbox keeps its data: a PostgreSQL URL as psycopg conninfo, or the embedded server."""

from __future__ import annotations

import warnings
from pathlib import Path

from sqlalchemy.engine import make_url


def conninfo(url: str) -> str:
    """A psycopg conninfo for a PostgreSQL URL (plain or SQLAlchemy `postgresql+psycopg://`)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def embedded(data_dir: Path, database: str) -> str:
    """Start (or reuse) the embedded PostgreSQL under `data_dir`; the URL of `database` in it."""
    with warnings.catch_warnings():  # pgserver's platformdirs warns about XDG_RUNTIME_DIR
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import get_server  # only needed without a server

        server = get_server(str((data_dir / "pgdata").resolve()), cleanup_mode="stop")
    if "(1 row)" not in server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';"):
        server.psql(f'CREATE DATABASE "{database}";')
    return make_url(server.get_uri()).set(database=database).render_as_string(hide_password=False)
