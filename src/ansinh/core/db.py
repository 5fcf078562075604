"""Database engine, sessions and the embedded PostgreSQL used when no server is configured."""

from __future__ import annotations

import json
import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import psycopg
from fastapi import Depends
from sqlalchemy import (
    URL,
    ClauseElement,
    Connection,
    DateTime,
    Engine,
    MetaData,
    create_engine,
    func,
    make_url,
)
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from ansinh.core.config import Settings, get_settings
from ansinh.core.roles import app_credentials

_PSYCOPG = PGDialect_psycopg()  # type: ignore[no-untyped-call]
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table, with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)

    def __repr__(self) -> str:
        keys = ", ".join(
            f"{c.key}={getattr(self, str(c.key))!r}" for c in self.__mapper__.primary_key
        )
        return f"{type(self).__name__}({keys})"


class Timestamped:
    """Adds database-set creation and update times."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


def start_embedded(data_dir: Path, *, database: str = "ansinh") -> str:
    """Start (or reuse) the embedded PostgreSQL under `data_dir` and return a SQLAlchemy URL."""
    with _starting:  # the demo's worker thread asks at the same time as the server
        return _start_embedded(data_dir.resolve(), database)


_starting = threading.Lock()


@cache
def _start_embedded(data_dir: Path, database: str) -> str:
    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():  # pgserver's platformdirs warns about XDG_RUNTIME_DIR
        warnings.simplefilter("ignore")
        # Imported here: only needed without an external server.
        from pgserver.postgres_server import PostgresServer, get_server

        with PostgresServer._lock:
            _forget_dead_handles(data_dir / "pgdata")
        server = get_server(str((data_dir / "pgdata").resolve()), cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    url = make_url(server.get_uri()).set(drivername="postgresql+psycopg", database=database)
    return url.render_as_string(hide_password=False)


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop handles of processes that died without exiting (pgserver stops at the last handle).

    A handle left by a killed process would otherwise keep the server running forever.
    """
    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (OSError, ValueError):
        return
    handles.write_text(json.dumps([p for p in pids if _alive(p)]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def resolve_url(settings: Settings) -> str:
    """Return the owner's database URL: the configured server, or the embedded one."""
    if settings.database_url:
        url = make_url(settings.database_url)
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return start_embedded(settings.data_dir)


def app_url(settings: Settings) -> str:
    """Return the URL the platform serves with: its own role on the owner's database."""
    if settings.database_app_url:
        url = make_url(settings.database_app_url)
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    role, password = app_credentials(settings)
    url = make_url(resolve_url(settings)).set(username=role, password=password)
    return url.render_as_string(hide_password=False)


# A sync handler holds a worker thread while it waits for a connection; with more threads than
# connections, every thread could wait on the pool while the sessions that would free one wait
# for a thread. So the pool can hold one connection per worker thread (anyio's default 40).
THREAD_TOKENS = 40
POOL_SIZE = 10
POOL_OVERFLOW = THREAD_TOKENS - POOL_SIZE
POOL_TIMEOUT = 5.0  # waiting longer than this answers 503 instead of queueing the request


def new_engine(url: str | URL, **options: Any) -> Engine:
    """An engine that checks connections before use (so it recovers when the database returns)
    and never puts statement parameters (personal data) into errors or logs.

    Its statements are planned for their parameters each time, never prepared: psycopg would
    prepare a statement run five times on a connection, and PostgreSQL may then keep a generic
    plan, which cannot hash an `= ANY(array)` whose length varies from one call to the next.
    """
    return create_engine(
        url,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args={"prepare_threshold": None},
        **options,
    )


@cache
def get_engine() -> Engine:
    """Return the process-wide engine, connected as the platform's role (created on first use)."""
    return new_engine(
        app_url(get_settings()),
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=POOL_TIMEOUT,
    )


@cache
def owner_engine() -> Engine:
    """Return the engine of the tables' owner: migrations, demo seeding, bulk loads, benches."""
    return new_engine(resolve_url(get_settings()), pool_size=2)


@cache
def session_factory() -> sessionmaker[Session]:
    """Return the session factory bound to the process engine."""
    return sessionmaker(get_engine(), expire_on_commit=False)


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Open a session for a job or command; commit once at the end, roll back on error."""
    with session_factory()() as session, session.begin():
        yield session


def get_db() -> Iterator[Session]:
    """Request-scoped session: the request boundary commits, services only flush."""
    with session_factory()() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


DbSession = Annotated[Session, Depends(get_db, scope="function")]


def driver_sql(statement: ClauseElement) -> str:
    """`statement` compiled once to psycopg's SQL, for hot paths that run it on the driver."""
    return str(statement.compile(dialect=_PSYCOPG))


def driver_connection(connection: Connection) -> psycopg.Connection[Any]:
    """The psycopg connection under a SQLAlchemy connection (same transaction)."""
    driver = connection.connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    return driver
