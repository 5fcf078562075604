"""`ansinh demo`: embedded database, migrations, a seeded synthetic province, then serve.

The sandbox national e-ID runs in the same process on its own port (the issuer URL, by default
port + 1); the portal reaches it only over HTTP, as it would reach VNeID.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from rich.console import Console

from ansinh.contributions.jobs import carry_demo_history, seed_demo_history
from ansinh.core.cli import serve
from ansinh.core.config import get_settings
from ansinh.core.db import get_engine
from ansinh.core.migrate import upgrade
from ansinh.demo_worker import reconcile_once, start_population_register, start_worker
from ansinh.eid.keys import public_jwks as portal_jwks
from ansinh.health.jobs import prepare_demo
from ansinh.registry.jobs import is_seeded, load_dataset
from ansinh.synth import generate, write
from sandbox.eid.app import create_eid_app
from sandbox.eid.provider import Provider
from sandbox.eid.serve import serve_in_thread
from sandbox.eid.store import CitizenStore, RegisteredClient

err = Console(stderr=True)


def run_demo() -> None:
    """Set everything up once, then serve on the configured host and port."""
    settings = get_settings()
    engine = get_engine()
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
        err.print(
            "seeded "
            + ", ".join(f"{n:,} {t}" for t, n in loaded.items())
            + f" in {time.perf_counter() - started:.1f} s"
        )
    err.print(seed_demo_history(engine))
    err.print(carry_demo_history(engine))
    issuer = _start_eid_sandbox()
    err.print(f"[bold green]sandbox national e-ID on {issuer}[/] (synthetic citizens)")
    err.print(f"[bold green]sandbox population register on {start_population_register()}[/]")
    start_worker()
    if reconcile_once():
        err.print("first reconciliation against the population register queued for the worker")
    err.print(
        f"[bold green]ansinh on http://{settings.host}:{settings.port}[/] "
        "(API docs at /docs, health at /healthz)"
    )
    serve(host=None, port=None)


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
