"""Fault and storm tests: a PostgreSQL of their own (they stop it) and the app in a live server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from pgserver._commands import pg_ctl
from pgserver.postgres_server import PostgresServer, get_server
from sqlalchemy import make_url
from sqlalchemy.orm import Session

import ansinh
from ansinh.core.db import new_engine
from ansinh.core.migrate import upgrade
from ansinh.core.security import service as clients
from ansinh.health.models import Card, Facility
from ansinh.identity import build_personal_id
from ansinh.portal.officers import service as officers
from ansinh.registry.models import Person

FACILITY = "79011"
OFFICER, OFFICER_PASSWORD = "canbo.mot", "a long enough password"


@dataclass
class OwnDatabase:
    """A private embedded PostgreSQL that a test may stop and start again."""

    server: PostgresServer
    url: str

    def stop(self) -> None:
        """Stop the server now (connections are cut)."""
        pg_ctl(
            ["-w", "-m", "immediate", "stop"],
            pgdata=self.server.pgdata,
            user=self.server.system_user,
        )

    def start(self) -> None:
        """Start it again on the same data directory and socket."""
        with self.server._lock:
            self.server.ensure_postgres_running()


@dataclass
class Seeded:
    """What the storm and fault tests act with."""

    clinic_key: str
    registry_key: str
    personal_id: str


@pytest.fixture(scope="package")
def own_database() -> Iterator[OwnDatabase]:
    """A migrated PostgreSQL of these tests' own, so stopping it leaves the shared one alone."""
    # Not under pytest's tmp_path: every pytest run makes that root 0700 again, which locks out
    # the unprivileged user pgserver runs PostgreSQL as when the tests run as root.
    with tempfile.TemporaryDirectory(prefix="ansinh-own-pg-") as directory:
        yield from _own_database(Path(directory))


def _own_database(directory: Path) -> Iterator[OwnDatabase]:
    server = get_server(directory / "pgdata", cleanup_mode="stop")
    server.psql('CREATE DATABASE "ansinh";')
    url = make_url(server.get_uri()).set(drivername="postgresql+psycopg", database="ansinh")
    database = OwnDatabase(server, url.render_as_string(hide_password=False))
    engine = new_engine(database.url)
    upgrade(engine)
    engine.dispose()
    yield database
    server.cleanup()


@pytest.fixture(scope="package")
def seeded(own_database: OwnDatabase) -> Seeded:
    """A facility, an insured person with a card, clinic and registry clients, an officer."""
    engine = new_engine(own_database.url)
    personal_id = build_personal_id(
        birth_registration_code="079", sex="F", birth_year=1985, serial=4242
    )
    with Session(engine) as db, db.begin():
        db.add(Facility(code=FACILITY, name="Trạm Y tế số 1", level="primary", province_code="79"))
        db.add(
            Person(
                si_number="9800004242",
                personal_id=personal_id,
                full_name="Nguyễn Thị Lan",
                date_of_birth=date(1985, 3, 14),
                sex="F",
                province_code="79",
                address="Số 1, Lê Lợi, Phường Bến Thành, Hồ Chí Minh",
            )
        )
        db.flush()
        db.add(
            Card(
                si_number="9800004242",
                object_code="DN",
                benefit_level=4,
                province_code="79",
                valid_from=date(2020, 1, 1),
                valid_to=date(2099, 12, 31),
                facility_code=FACILITY,
                five_years_from=date(2021, 1, 1),
                status="active",
            )
        )
        _, clinic_key = clients.create(
            db_session=db, client_id=f"{FACILITY}_BV", name="Clinic", scopes=["hi:eligibility"]
        )
        _, registry_key = clients.create(
            db_session=db, client_id="registry-reader", name="Reader", scopes=["registry:read"]
        )
        officers.create_officer(
            db_session=db,
            username=OFFICER,
            full_name="Cán bộ Một",
            role="officer",
            password=OFFICER_PASSWORD,
        )
    engine.dispose()
    return Seeded(clinic_key, registry_key, personal_id)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="package")
def live_server(
    own_database: OwnDatabase, seeded: Seeded, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The real app under uvicorn in its own process, on the private database; its base URL."""
    port = _free_port()
    env = os.environ | {
        "ANSINH_DATABASE_URL": own_database.url,
        "ANSINH_ENV": "test",
        "ANSINH_DATA_DIR": str(tmp_path_factory.mktemp("live-data")),
        "ANSINH_LOG_LEVEL": "WARNING",
        "ANSINH_RETRY_AFTER_SECONDS": "7",
        # The storm must reach the password check every time: no throttle in the way.
        "ANSINH_LOGIN_ACCOUNT_FREE_FAILURES": "100000",
        "ANSINH_LOGIN_ADDRESS_FREE_FAILURES": "100000",
        "ANSINH_LOGIN_LOCKOUT_FAILURES": "100000",
        "ANSINH_HI_RATE_BURST": "100000",
        "PYTHONPATH": str(Path(ansinh.__file__).parents[1]),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "ansinh.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(20)


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the live server exited")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the live server did not come up")
