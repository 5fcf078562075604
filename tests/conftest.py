"""Test harness: one embedded PostgreSQL per run, migrated once, a SAVEPOINT per test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, make_url, select, text
from sqlalchemy.orm import Session

from ansinh.contributions.book.carry import carry_over
from ansinh.contributions.jobs import seed_history
from ansinh.core import config, db
from ansinh.core.audit.models import AuditEvent
from ansinh.core.migrate import upgrade
from ansinh.core.security import service as clients
from ansinh.registry.jobs import load_dataset
from ansinh.synth import generate, write


def _test_database_url() -> Iterator[str]:
    external = os.environ.get("ANSINH_DATABASE_URL")
    if external:
        # Use a throw-away database on the external server, never its main one.
        admin = create_engine(
            make_url(external).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
        )
        name = f"ansinh_test_{os.getpid()}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield (
            make_url(external)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        return
    from pgserver.postgres_server import get_server

    with tempfile.TemporaryDirectory(prefix="ansinh-test-pg-") as directory:
        server = get_server(directory, cleanup_mode="stop")
        server.psql('CREATE DATABASE "ansinh_test";')
        url = make_url(server.get_uri()).set(
            drivername="postgresql+psycopg", database="ansinh_test"
        )
        yield url.render_as_string(hide_password=False)
        server.cleanup()


@pytest.fixture(scope="session", autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the keys the tests create (platform signing key, portal client key) out of the tree."""
    directory = tmp_path_factory.mktemp("ansinh-data")
    previous = os.environ.get("ANSINH_DATA_DIR")
    os.environ["ANSINH_DATA_DIR"] = str(directory)
    config.get_settings.cache_clear()
    yield directory
    if previous is None:
        os.environ.pop("ANSINH_DATA_DIR", None)
    else:
        os.environ["ANSINH_DATA_DIR"] = previous
    config.get_settings.cache_clear()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """The URL of this run's migrated test database; the app's settings point at it."""
    for url in _test_database_url():
        os.environ["ANSINH_DATABASE_URL"] = url
        os.environ["ANSINH_ENV"] = "test"
        config.get_settings.cache_clear()
        db.get_engine.cache_clear()
        db.owner_engine.cache_clear()
        db.session_factory.cache_clear()
        upgrade(db.owner_engine())  # as the owner; the app and the tests run as the app role
        yield url
        db.get_engine().dispose()
        db.owner_engine().dispose()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Engine:
    """The process engine bound to the test database, as the platform's role."""
    return db.get_engine()


@pytest.fixture(scope="session")
def owner_engine(database_url: str) -> Engine:
    """The tables' owner, for tests that need DDL (the app role has none)."""
    return db.owner_engine()


@pytest.fixture()
def db_session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture()
def client(db_session: Session) -> Iterator[TestClient]:
    """An HTTP client for the app whose requests share the test's rolled-back session."""
    from ansinh.app import create_app

    app = create_app()

    def _session() -> Iterator[Session]:
        yield db_session
        db_session.commit()

    app.dependency_overrides[db.get_db] = _session
    with TestClient(app, raise_server_exceptions=False) as http:
        yield http


def api_headers(
    db_session: Session, *scopes: str, client_id: str = "test-client"
) -> dict[str, str]:
    """Register an API client with `scopes` and return headers that authenticate as it."""
    _, key = clients.create(
        db_session=db_session, client_id=client_id, name="Test client", scopes=scopes
    )
    return {"Authorization": f"Bearer {key}", "X-Purpose": "automated test"}


@pytest.fixture()
def officer_headers(db_session: Session) -> dict[str, str]:
    """Headers of a client allowed to read and write the registry."""
    return api_headers(db_session, "registry:read", "registry:write")


def audit_trail(db_session: Session, subject: str) -> list[tuple[str, str, str, str, str]]:
    """A person's audit events as (actor kind, actor id, action, resource, purpose), in order."""
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.subject == subject).order_by(AuditEvent.id)
    )
    return [(e.actor_kind, e.actor_id, e.action, e.resource, e.purpose) for e in events]


@pytest.fixture()
def carried(db_session: Session) -> int:
    """A synthetic province with two years of platform history to 2026-10 and careers carried."""
    dataset = generate(people=2000, seed=3, province="79")
    with tempfile.TemporaryDirectory() as tmp:
        write(dataset, Path(tmp))
        load_dataset(connection=db_session.connection(), directory=Path(tmp))
    seed_history(db_session=db_session, through=date(2026, 10, 1))
    return carry_over(db_session=db_session)
