"""Where a sandbox keeps its data: a PostgreSQL URL as psycopg conninfo, or the embedded server."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import psycopg
from psycopg import sql
from psycopg.rows import DictRow, dict_row
from sqlalchemy.engine import make_url

Connection = psycopg.Connection[DictRow]


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


@dataclass(frozen=True)
class SchemaStore:
    """Where a sandbox lives: a PostgreSQL database (psycopg conninfo) and a schema in it."""

    tables: ClassVar[str]  # the sandbox's CREATE TABLE IF NOT EXISTS statements
    conninfo: str
    schema: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", self.schema):
            raise ValueError("a sandbox's schema must be a lower-case SQL identifier")

    def connect(self) -> Connection:
        """Open an autocommit connection whose search path is the sandbox's schema."""
        return psycopg.connect(
            self.conninfo,
            autocommit=True,
            row_factory=dict_row,
            options=f"-c search_path={self.schema}",
        )

    def create(self) -> None:
        """Create the sandbox's schema and tables if they do not exist yet."""
        with self.connect() as connection, connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema,))
            connection.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema))
            )
            connection.execute(self.tables)
