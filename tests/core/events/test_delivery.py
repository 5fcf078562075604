"""Events meet a real procrastinate worker process: rollback, SIGKILL, dead letters, two workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.cli import app as cli
from ansinh.core.events import service
from ansinh.core.jobs.queue import enqueue
from tests.core.events.worker_app import COUNT_TASK, EFFECTS, MARKERS, Boom, Flaky, Ping

ROOT = Path(__file__).parents[3]
FAST = {
    "ANSINH_WORKER_HEARTBEAT_SECONDS": "0.2",
    "ANSINH_WORKER_POLL_SECONDS": "0.2",
    "ANSINH_WORKER_STALLED_SECONDS": "1",
    "ANSINH_EVENT_RETRY_SECONDS": "0.1",
    "ANSINH_EVENT_MAX_ATTEMPTS": "3",
}


@pytest.fixture()
def markers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder where the test handlers leave and read markers."""
    monkeypatch.setenv(MARKERS, str(tmp_path))
    return tmp_path


@pytest.fixture()
def effects(engine: Engine, owner_engine: Engine) -> Iterator[Callable[[str], list[str]]]:
    """A table of handler effects (committed rows only); returns a reader by handler prefix."""
    with owner_engine.begin() as connection:
        connection.execute(text(f"CREATE TABLE {EFFECTS} (event_id uuid, handler text)"))

    def read(prefix: str) -> list[str]:
        with engine.connect() as connection:
            rows = connection.execute(
                text(f"SELECT handler FROM {EFFECTS} WHERE handler LIKE :p ORDER BY handler"),
                {"p": f"{prefix}%"},
            )
            return [str(r[0]) for r in rows]

    yield read
    with owner_engine.begin() as connection:
        connection.execute(text(f"DROP TABLE {EFFECTS}"))
        connection.execute(text("DELETE FROM event_deliveries"))
        connection.execute(text("DELETE FROM outbox_events"))
        connection.execute(text("DELETE FROM procrastinate_jobs"))


@pytest.fixture()
def start_worker(
    markers: Path, database_url: str
) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start worker processes on the test database; every one still running is stopped after."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        env = os.environ | FAST | {MARKERS: str(markers), "ANSINH_DATABASE_URL": database_url}
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.core.events.worker_app"], cwd=ROOT, env=env
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _commit(engine: Engine, *events: Ping | Boom) -> None:
    with Session(engine) as db_session, db_session.begin():
        for event in events:
            service.record(db_session=db_session, event=event)


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.1)


def _scalar(engine: Engine, sql: str, **params: object) -> object:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def test_an_event_of_a_rolled_back_transaction_is_never_delivered(
    engine: Engine, effects: Callable[[str], list[str]], start_worker: Callable[[], object]
) -> None:
    ghost = Ping()
    with Session(engine) as db_session:
        service.record(db_session=db_session, event=ghost)
        db_session.rollback()
    _commit(engine, kept := Ping())
    start_worker()
    _until(lambda: len(effects("")) == 2)
    assert effects("") == ["first", "slow"]
    ids = _scalar(engine, f"SELECT array_agg(DISTINCT event_id::text) FROM {EFFECTS}")
    assert ids == [str(kept.event_id)]
    assert (
        _scalar(engine, "SELECT count(*) FROM outbox_events WHERE event_id = :e", e=ghost.event_id)
        == 0
    )
    assert _scalar(engine, "SELECT count(*) FROM procrastinate_jobs") == 1


def test_a_killed_worker_s_delivery_is_redone_once_by_the_next(
    engine: Engine,
    effects: Callable[[str], list[str]],
    start_worker: Callable[[], subprocess.Popen[bytes]],
    markers: Path,
) -> None:
    event = Ping(slow_first=True)
    _commit(engine, event)
    first = start_worker()
    _until(lambda: (markers / f"started-{event.event_id}").exists())
    first.send_signal(signal.SIGKILL)  # mid-delivery: the slow handler's effect is uncommitted
    first.wait()
    assert effects("") == ["first"]
    start_worker()
    _until(lambda: "slow" in effects(""))
    _until(lambda: _scalar(engine, "SELECT status::text FROM procrastinate_jobs") == "succeeded")
    assert effects("") == ["first", "slow"]  # each handler's effects committed exactly once
    done = _scalar(
        engine, "SELECT count(*) FROM event_deliveries WHERE status = 'done' AND attempts = 1"
    )
    assert done == 2


def test_a_failing_handler_lands_in_the_dead_letters_and_is_replayed_from_the_cli(
    engine: Engine,
    effects: Callable[[str], list[str]],
    start_worker: Callable[[], object],
    markers: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    event = Boom()
    _commit(engine, event)
    start_worker()
    status = "SELECT status FROM event_deliveries WHERE event_id = :e"
    _until(lambda: _scalar(engine, status, e=event.event_id) == "dead")
    assert _scalar(engine, "SELECT attempts FROM event_deliveries") == 3
    runner = CliRunner()
    dead = runner.invoke(cli, ["events", "dead"], env={"COLUMNS": "200"})
    assert dead.exit_code == 0 and str(event.event_id)[:8] in dead.output
    assert "RuntimeError" in dead.output
    (markers / "fixed").touch()
    replayed = runner.invoke(cli, ["events", "replay", str(event.event_id)])
    assert replayed.exit_code == 0, replayed.output
    _until(lambda: _scalar(engine, status, e=event.event_id) == "done")
    assert effects("boom") == ["boom"]
    again = runner.invoke(cli, ["events", "replay", "--all"])
    assert "0 deliveries" in again.output


def test_a_set_is_delivered_in_one_transaction_and_a_failing_event_holds_back_no_other(
    engine: Engine,
    effects: Callable[[str], list[str]],
    start_worker: Callable[[], object],
    markers: Path,
) -> None:
    with Session(engine) as db_session, db_session.begin():
        recorded = service.record_set(
            db_session,
            Flaky,
            "SELECT jsonb_build_object('fail', n = 3) AS payload FROM generate_series(1, 5) n",
        )
    assert recorded == 5
    start_worker()
    done = "SELECT count(*) FROM event_deliveries WHERE status = 'done' AND attempts = 1"
    _until(lambda: _scalar(engine, done) == 4)
    assert effects("flaky") == ["flaky"] * 4  # the chunk rolled back whole; each event once
    failed = "SELECT status FROM event_deliveries WHERE status <> 'done'"
    _until(lambda: _scalar(engine, failed) == "dead")  # retried alone, then a dead letter
    (markers / "fixed").touch()
    with Session(engine) as db_session, db_session.begin():
        assert service.replay(db_session=db_session) == 1
    _until(
        lambda: _scalar(engine, "SELECT count(*) FROM event_deliveries WHERE status = 'done'") == 5
    )
    time.sleep(0.5)  # an event handled twice would show up here
    assert effects("flaky") == ["flaky"] * 5


def test_two_workers_never_run_a_job_twice(
    engine: Engine, effects: Callable[[str], list[str]], start_worker: Callable[[], object]
) -> None:
    jobs = 60
    with Session(engine) as db_session, db_session.begin():
        for n in range(jobs):
            enqueue(db_session, COUNT_TASK, {"n": n})
    start_worker()
    start_worker()
    _until(lambda: len(effects("job-")) >= jobs)
    time.sleep(0.5)  # a job run twice would show up here
    ran = effects("job-")
    assert len(ran) == jobs
    assert len({r.split("-")[1] for r in ran}) == jobs
    assert len({r.split("-")[2] for r in ran}) == 2  # both workers took part


def test_the_jobs_cli_lists_the_queue_s_history(
    engine: Engine, effects: Callable[[str], list[str]], start_worker: Callable[[], object]
) -> None:
    with Session(engine) as db_session, db_session.begin():
        enqueue(db_session, COUNT_TASK, {"n": 1})
    start_worker()
    _until(lambda: _scalar(engine, "SELECT status::text FROM procrastinate_jobs") == "succeeded")
    listed = CliRunner().invoke(cli, ["jobs", "list", "--task", COUNT_TASK], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "succeeded" in listed.output


def test_the_worker_app_runs_event_dispatch_and_the_schedules(database_url: str) -> None:
    from ansinh.worker import build_app

    app = build_app(feed_cron="* * * * * */30")
    assert {
        "events:dispatch",
        "events:redeliver",
        "linkage:reconcile",
        "linkage:follow_feed",
        "contributions:close_month",
        "portal:sweep_sessions",
        "claims:prefill_pensions",
        "payments:payroll",
        "payments:bank",
        "lifeevents:handle",
        "lifeevents:replay",
        "unemployment:handle",
        "unemployment:send",
        "unemployment:send-round",
        "unemployment:months",
    } <= set(app.tasks)
    scheduled = {t.task.name: t.cron for t in app.periodic_registry.periodic_tasks.values()}
    assert scheduled["linkage:follow_feed"] == "* * * * * */30"
    assert scheduled["unemployment:months"] == "0 1 * * *"  # 08:00 in Vietnam
    assert set(scheduled) == {
        "linkage:follow_feed",
        "contributions:close_month",
        "portal:sweep_sessions",
        "claims:prefill_pensions",
        "payments:payroll",
        "payments:bank",
        "lifeevents:replay",
        "unemployment:send-round",
        "unemployment:months",
    }
