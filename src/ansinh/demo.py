"""`ansinh demo`: embedded database, migrations, a seeded synthetic province, then serve.

The sandbox national e-ID runs in the same process on its own port (the issuer URL, by default
port + 1); the portal reaches it only over HTTP, as it would reach VNeID. One demo runs per data
directory; SIGTERM or Ctrl-C stops it together with the embedded PostgreSQL it started.
"""

from __future__ import annotations

import fcntl
import tempfile
import time
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from rich.console import Console
from sqlalchemy.orm import Session

from ansinh.benefits.claims.seed import seed_demo_month
from ansinh.contributions.jobs import carry_demo_history, seed_demo_history
from ansinh.core import clock
from ansinh.core.cli import serve
from ansinh.core.config import get_settings
from ansinh.core.db import owner_engine, unit_of_work
from ansinh.core.migrate import upgrade
from ansinh.core.shutdown import exit_cleanly_on_sigterm
from ansinh.demo_worker import (
    file_at_national_portal,
    reconcile_once,
    start_bank,
    start_civil_registry,
    start_clinic_visits,
    start_employment_centre,
    start_national_portal,
    start_population_register,
    start_worker,
    stop_synthetic_year,
)
from ansinh.eid.keys import public_jwks as portal_jwks
from ansinh.health.evidence.demo import seed_demo_evidence
from ansinh.health.jobs import prepare_demo
from ansinh.payments import demo as payroll
from ansinh.registry.jobs import is_seeded, load_dataset
from ansinh.services import demo as services_demo
from ansinh.synth import generate, write
from ansinh.unemployment import demo as unemployment
from sandbox.eid.app import create_eid_app
from sandbox.eid.provider import Provider
from sandbox.eid.serve import serve_in_thread, stop_all
from sandbox.eid.store import CitizenStore, RegisteredClient

err = Console(stderr=True)
LOCK_FILE = "demo.lock"
DEMO_UI_CLAIMS = 300
_held: list[IO[str]] = []  # the lock lives as long as the process


class DemoAlreadyRunning(SystemExit):
    """Another demo holds this data directory."""


def run_demo() -> None:
    """Set everything up once, then serve on the configured host and port."""
    settings = get_settings()
    exit_cleanly_on_sigterm()
    _claim(settings.data_dir)
    engine = owner_engine()  # migrations and seeding; the server runs as the app role
    upgrade(engine)
    if is_seeded(engine):
        err.print("[dim]registry already seeded; skipping[/]")
    else:
        started = time.perf_counter()
        err.print(
            f"seeding {settings.demo_people:,} synthetic people "
            f"(province {settings.demo_province}, seed {settings.demo_seed})"
        )
        dataset = generate(
            people=settings.demo_people, seed=settings.demo_seed, province=settings.demo_province
        )
        with tempfile.TemporaryDirectory() as tmp:
            write(dataset, Path(tmp))
            with engine.begin() as connection:
                loaded = load_dataset(connection=connection, directory=Path(tmp))
                prepare_demo(connection=connection, provinces=[settings.demo_province])
            with Session(bind=engine) as db_session, db_session.begin():
                pensioners = payroll.seed_pensioners(
                    db_session=db_session, persons=dataset.persons, seed=settings.demo_seed
                )
        err.print(
            "seeded "
            + ", ".join(f"{n:,} {t}" for t, n in loaded.items())
            + f", {pensioners:,} pensioners in {time.perf_counter() - started:.1f} s"
        )
    err.print(seed_demo_history(engine))
    err.print(carry_demo_history(engine))
    err.print(seed_demo_evidence(engine))
    err.print(seed_demo_month(engine))
    issuer = _start_eid_sandbox()
    err.print(f"[bold green]sandbox national e-ID on {issuer}[/] (synthetic citizens)")
    register = start_population_register()
    err.print(f"[bold green]sandbox population register on {register}[/]")
    err.print(f"[bold green]sandbox civil registry on {start_civil_registry(register)}[/]")
    err.print(f"[bold green]sandbox bank on {start_bank()}[/] (synthetic accounts, NAPAS BINs)")
    portal_is_sandbox = settings.national_portal_url is None  # else a configured, real portal
    err.print(f"[bold green]sandbox national public-service portal on {start_national_portal()}[/]")
    err.print(f"[bold green]sandbox employment centre on {start_employment_centre()}[/]")
    with unit_of_work() as db_session:
        filed = unemployment.seed_claims(
            db_session=db_session,
            province_code=settings.demo_province,
            count=DEMO_UI_CLAIMS,
            filed_on=clock.today(),
        )
    err.print(f"{filed} unemployment claims filed (the centre decides them, the worker applies)")
    with unit_of_work() as db_session:
        filed = services_demo.seed_applications(
            db_session=db_session,
            province_code=settings.demo_province,
            file_at_portal=file_at_national_portal if portal_is_sandbox else None,
        )
    err.print(f"{filed} online-service applications filed (some overdue, for the officers)")
    with unit_of_work() as db_session:
        run = payroll.pay_this_month(db_session=db_session, province_code=settings.demo_province)
    err.print(
        f"payroll {run.period:%Y-%m}: run {run.run_id}, {run.lines:,} payments, "
        f"{run.total:,} VND, sent (the worker posts it to the bank)"
    )
    err.print(f"a clinic ({start_clinic_visits()}) checks its patients' HI cards every few seconds")
    stop_worker = start_worker()
    if reconcile_once():
        err.print("first reconciliation against the population register queued for the worker")
    err.print(
        f"[bold green]ansinh on http://{settings.host}:{settings.port}[/] "
        "(API docs at /docs, health at /healthz)"
    )
    try:
        serve(host=None, port=None, workers=1)  # one process: the demo runs its worker beside it
    finally:
        # Before the embedded PostgreSQL stops (at exit), so no thread finds it gone.
        stop_synthetic_year()
        stop_worker()
        stop_all()


def _claim(data_dir: Path) -> None:
    """Hold the data directory's demo lock, or refuse: two demos would share one PostgreSQL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = (data_dir / LOCK_FILE).open("a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise DemoAlreadyRunning(
            f"another `ansinh demo` is already running on {data_dir.resolve()}; stop it "
            "(Ctrl-C or SIGTERM, which also stops its PostgreSQL) or set ANSINH_DATA_DIR"
        ) from None
    _held.append(lock)


def _start_eid_sandbox() -> str:
    """Serve the sandbox e-ID on its own port, knowing the demo's citizens and the portal."""
    settings = get_settings()
    issuer, portal = settings.eid_issuer_url, settings.portal_base_url
    if issuer is None or portal is None:
        raise RuntimeError("the demo needs ANSINH_EID_ISSUER and ANSINH_PORTAL_URL outside prod")
    store = CitizenStore.synthetic(
        people=settings.demo_people, seed=settings.demo_seed, province=settings.demo_province
    )
    portal_client = RegisteredClient(
        client_id=settings.eid_client_id,
        name="Cổng dịch vụ BHXH (ansinh)",
        redirect_uris=(f"{portal}/auth/callback",),
        post_logout_redirect_uris=(f"{portal}/",),
        jwks=portal_jwks(),
    )
    provider = Provider(issuer=issuer, store=store, clients=[portal_client])
    address = urlsplit(issuer)
    serve_in_thread(
        create_eid_app(provider), host=address.hostname or "127.0.0.1", port=address.port or 80
    )
    return issuer
