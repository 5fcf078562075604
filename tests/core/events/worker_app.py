"""A worker for the event tests: test events, their handlers, a counting task (run as a process).

`python -m tests.core.events.worker_app` runs it on the run's test database ($ANSINH_DATABASE_URL).
Handlers write into `events_test_effects`, in the delivery's transaction, so a test can count
how many times each one's effects were committed.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import ClassVar

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.events.handlers import subscribe
from ansinh.core.events.jobs import tasks as event_tasks
from ansinh.core.events.schemas import DomainEvent
from ansinh.core.jobs.queue import new_app
from ansinh.core.jobs.worker import run_worker

EFFECTS = "events_test_effects"
MARKERS = "ANSINH_TEST_MARKERS"  # a folder: `started-<id>` is dropped before a slow first run
COUNT_TASK = "tests:count"


class Ping(DomainEvent):
    """A test event: `slow_first` makes the first delivery hang until the process is killed."""

    name: ClassVar[str] = "TestPing"
    slow_first: bool = False


class Boom(DomainEvent):
    """A test event whose handler fails until a `fixed` marker exists."""

    name: ClassVar[str] = "TestBoom"


class Flaky(DomainEvent):
    """A test event recorded in sets: one marked `fail` fails until a `fixed` marker exists."""

    name: ClassVar[str] = "TestFlaky"
    fail: bool = False


def _effect(db_session: Session, event: DomainEvent, handler: str) -> None:
    db_session.execute(
        text(f"INSERT INTO {EFFECTS} (event_id, handler) VALUES (:event_id, :handler)"),
        {"event_id": str(event.event_id), "handler": handler},
    )


def _markers() -> Path:
    return Path(os.environ[MARKERS])


@subscribe(Ping)
def first_handler(*, db_session: Session, event: DomainEvent) -> None:
    """Write an effect at once."""
    _effect(db_session, event, "first")


@subscribe(Ping)
def slow_handler(*, db_session: Session, event: DomainEvent) -> None:
    """Write an effect; on a slow event's first run, announce it and hang before committing."""
    _effect(db_session, event, "slow")
    started = _markers() / f"started-{event.event_id}"
    if isinstance(event, Ping) and event.slow_first and not started.exists():
        db_session.flush()
        started.touch()
        time.sleep(60)


@subscribe(Boom)
def failing_handler(*, db_session: Session, event: DomainEvent) -> None:
    """Fail until the test drops the `fixed` marker."""
    if not (_markers() / "fixed").exists():
        raise RuntimeError("the test says: not yet")
    _effect(db_session, event, "boom")


@subscribe(Flaky)
def flaky_handler(*, db_session: Session, event: DomainEvent) -> None:
    """Write an effect, then fail for a `fail` event until the test drops the `fixed` marker."""
    _effect(db_session, event, "flaky")
    if isinstance(event, Flaky) and event.fail and not (_markers() / "fixed").exists():
        raise RuntimeError("the test says: not yet")


def main() -> None:
    """Run one worker with the event tasks and the counting task."""
    app = new_app()
    app.add_tasks_from(event_tasks, namespace="events")

    @app.task(name=COUNT_TASK)
    def count(n: int) -> None:
        from ansinh.core.db import unit_of_work

        with unit_of_work() as db_session:
            db_session.execute(
                text(f"INSERT INTO {EFFECTS} (event_id, handler) VALUES (NULL, :n)"),
                {"n": f"job-{n}-{os.getpid()}"},
            )
        time.sleep(0.02)

    asyncio.run(run_worker(app))


if __name__ == "__main__":
    main()
