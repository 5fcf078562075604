"""`ansinh demo`: embedded database, migrations, a seeded synthetic province, then serve."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rich.console import Console

from ansinh.core.cli import serve
from ansinh.core.config import get_settings
from ansinh.core.db import get_engine
from ansinh.core.migrate import upgrade
from ansinh.registry.jobs import is_seeded, load_dataset
from ansinh.synth import generate, write

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
        err.print(
            "seeded "
            + ", ".join(f"{n:,} {t}" for t, n in loaded.items())
            + f" in {time.perf_counter() - started:.1f} s"
        )
    err.print(
        f"[bold green]ansinh on http://{settings.host}:{settings.port}[/] "
        "(API docs at /docs, health at /healthz)"
    )
    serve(host=None, port=None)
