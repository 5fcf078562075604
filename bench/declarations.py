"""Post a month of employer declarations (default 1,000,000 lines) and print the wall time.

    .venv/bin/python bench/declarations.py --lines 1000000            # fresh embedded database
    .venv/bin/python bench/declarations.py --lines 100000 --data-dir /tmp/decl-bench --keep

Setup (not timed): an embedded PostgreSQL, a synthetic national population of `--people`
(default 5.5 persons per line, so the workforce has enough active employments), loaded with
COPY, and its previous month closed so the book holds the current workforce. Then one CSV
file is written with a realistic mix over that workforce: 40 % hires (a tenth of them persons
not yet registered), 25 % leavers, 30 % salary changes, 3 % corrections of the two previous
months and 2 % unpaid leave. The timed part is one HTTP POST of the file to
/api/v1/contributions/declarations/files, all or nothing, through parsing, line checks, the
registry changes, the new book versions, the stored lines and the audit events, to the commit.

    .venv/bin/python bench/declarations.py --deliver --lines 100000

`--deliver` then delivers the events the POST recorded (one per new and per ended job) to the
handlers that subscribe to them, as the worker's dispatch job does, and prints the time.

    .venv/bin/python bench/declarations.py --serve-rss --lines 100000

`--serve-rss` starts the real server (uvicorn, in its own process) on the same database and
POSTs over HTTP, sampling the server process's resident memory every 20 ms: first the file
above (applied), then a file of the maximum upload size (ANSINH_UPLOAD_MAX_BYTES) made of that
file's lines repeated, so every repeat is checked, staged and refused (all or nothing). It
prints the peak RSS of each and fails if either passes 1 GiB.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import declaration_floor
import httpx
import numpy as np
import psutil
import pyarrow as pa
import pyarrow.csv as pacsv

MONTH = date(2026, 11, 1)
# A production server's settings (`--production-settings`, applied with a restart before the
# set-up): a cache for the month's working set, WAL buffers sized for bulk writes, checkpoints
# spaced beyond one submission's WAL. Measured at 1,000,000 lines they did not shorten the POST
# (86.9 s with them, 82.2 s with pgserver's 128 MB cache and 1 GB between checkpoints), so the
# default stays pgserver's.
SERVER_SETTINGS = {
    "shared_buffers": "4GB",
    "wal_buffers": "64MB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "30min",
}
RSS_LIMIT = 2**30
MIX = {"increase": 0.40, "decrease": 0.25, "salary_change": 0.30, "correction": 0.03}
NEW_PERSON_SHARE = 0.10


def main() -> None:
    """Set up, write the file, post it, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the database directory")
    parser.add_argument("--serve-rss", action="store_true", help="peak server RSS over HTTP")
    parser.add_argument(
        "--production-settings", action="store_true", help="apply SERVER_SETTINGS (a restart)"
    )
    parser.add_argument(
        "--deliver", action="store_true", help="then deliver the POST's events as the worker does"
    )
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ansinh-decl-bench-"))
    os.environ["ANSINH_DATA_DIR"] = str(data_dir)
    os.environ.pop("ANSINH_DATABASE_URL", None)
    try:
        if args.production_settings:
            _tune_server()
        people = args.people or int(args.lines * 5.5)
        if args.serve_rss:
            serve_rss(args.lines, people, args.seed)
        else:
            run(args.lines, people, args.seed, deliver=args.deliver)
    finally:
        if not args.keep and args.data_dir is None:
            from ansinh.core.db import get_engine

            get_engine().dispose()
            shutil.rmtree(data_dir, ignore_errors=True)


def run(lines: int, people: int, seed: int, *, deliver: bool = False) -> None:
    """The whole benchmark on the configured data directory."""
    from fastapi.testclient import TestClient

    from ansinh.app import create_app
    from ansinh.contributions import charges
    from ansinh.contributions.jobs import close_months
    from ansinh.core.db import get_engine, owner_engine, unit_of_work
    from ansinh.core.migrate import upgrade
    from ansinh.core.security import service as clients

    engine = owner_engine()
    upgrade(engine)
    _seed(engine, people, seed)
    with unit_of_work() as session:
        started = time.perf_counter()
        change = close_months(db_session=session, first=_previous(MONTH), through=_previous(MONTH))
    print(f"closed {_previous(MONTH):%Y-%m}: {change.inserted:,} months in {_since(started)}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "declaration.csv"
        started = time.perf_counter()
        counts = _write_lines(engine, path, lines, seed)
        size = path.stat().st_size / 2**20
        print(
            f"wrote {sum(counts.values()):,} lines ({size:.0f} MiB) {counts} in {_since(started)}"
        )
        with unit_of_work() as session:
            _, key = clients.create(
                db_session=session,
                client_id=f"bench-{time.time_ns()}",
                name="Declarations benchmark",
                scopes=["contributions:declare"],
            )
        charges.terms.cache_clear()  # measure the formula runs too, as on a cold server
        with (
            TestClient(create_app()) as http,
            path.open("rb") as file,
            _Breakdown(get_engine()) as breakdown,
        ):
            started = time.perf_counter()
            response = http.post(
                "/api/v1/contributions/declarations/files",
                files={"file": ("declaration.csv", file, "text/csv")},
                data={"month": f"{MONTH:%Y-%m}"},
                headers={"Authorization": f"Bearer {key}", "X-Purpose": "benchmark"},
            )
            elapsed = time.perf_counter() - started
    result = response.json()
    if response.status_code != 201:
        raise SystemExit(f"declaration refused ({response.status_code}): {str(result)[:2000]}")
    breakdown.report(elapsed)
    print(
        f"POST {result['lines_total']:,} lines: {result['lines_accepted']:,} applied, "
        f"{result['persons_registered']:,} persons registered in {elapsed:.1f} s wall "
        f"({result['lines_total'] / elapsed:,.0f} lines/s)"
    )
    floor = declaration_floor.measure(engine, _written(engine, counts, result["lines_total"]))
    print(f"the POST took {elapsed / floor:.1f}× the writes it cannot avoid")
    if deliver:
        _deliver(engine)
    with unit_of_work() as session:
        started = time.perf_counter()
        change = close_months(db_session=session, first=MONTH, through=MONTH)
    print(f"closed {MONTH:%Y-%m}: {change.inserted:,} months recorded in {_since(started)}")


def _deliver(engine: Any) -> None:
    """Deliver every event batch recorded so far to its handlers, as the worker's job does."""
    from sqlalchemy import text

    from ansinh.core.events.jobs import dispatch
    from ansinh.worker import load_handlers

    load_handlers()
    with engine.connect() as connection:
        batches = (
            connection.execute(
                text("SELECT batch_id FROM outbox_events GROUP BY batch_id ORDER BY min(position)")
            )
            .scalars()
            .all()
        )
    started, cpu, postgres = time.perf_counter(), time.process_time(), _postgres_cpu()
    for batch_id in batches:
        dispatch(str(batch_id))
    elapsed = time.perf_counter() - started
    cpu, postgres = time.process_time() - cpu, _postgres_cpu() - postgres
    with engine.connect() as connection:
        done = connection.execute(
            text("SELECT handler, count(*) FROM event_deliveries GROUP BY handler ORDER BY 1")
        ).all()
    print(f"events delivered in {elapsed:.1f} s (Python {cpu:.1f} s, PostgreSQL {postgres:.1f} s):")
    for handler, count in done:
        print(f"  {count:>9,}  {handler}")


def _written(engine: Any, counts: dict[str, int], lines: int) -> declaration_floor.Written:
    """What the submission just applied wrote, by kind (its book rows read back)."""
    from sqlalchemy import text

    with engine.connect() as connection:
        book_rows = connection.execute(
            text(
                "SELECT count(*) FROM contribution_book WHERE recorded_from = (SELECT "
                "recorded_at FROM contribution_declarations ORDER BY declaration_id DESC LIMIT 1)"
            )
        ).scalar_one()
    return declaration_floor.Written(
        hires=counts["increase"],
        salary_changes=counts["salary_change"],
        leavers=counts["decrease"],
        book_rows=int(book_rows),
        lines=lines,
    )


# The steps of a submission timed apart: (module, function) -> label.
_PHASES = {
    ("ansinh.contributions.declarations.service", "_stage"): "parse, check, COPY",
    ("ansinh.contributions.declarations.service", "check_staged"): "business checks",
    ("ansinh.contributions.declarations.service", "apply_staged"): "registry writes",
    ("ansinh.contributions.declarations.service", "_store_lines"): "stored lines",
    ("ansinh.contributions.declarations.service", "_record_book"): "book versions",
    ("ansinh.contributions.declarations.service", "_audit"): "audit",
}


class _Breakdown:
    """Wall time per step of the POST, SQL time per statement, and CPU of Python and PostgreSQL."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.phases: dict[str, float] = {}
        self.sql: dict[str, float] = {}
        self.sql_cpu: dict[str, float] = {}
        self.patched: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> _Breakdown:
        import importlib

        from sqlalchemy import event

        timed = {key: (label, self.phases) for key, label in _PHASES.items()}
        timed[("ansinh.contributions.declarations.service", "copy_batches")] = ("COPY", self.sql)
        for (module_name, name), (label, into) in timed.items():
            module = importlib.import_module(module_name)
            original = getattr(module, name)
            self.patched.append((module, name, original))
            setattr(module, name, self._timed(label, original, into))
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        self.cpu = time.process_time(), _postgres_cpu()
        self.wal = _wal_written()
        return self

    def __exit__(self, *_: object) -> None:
        from sqlalchemy import event

        python, postgres = time.process_time(), _postgres_cpu()
        self.cpu = python - self.cpu[0], postgres - self.cpu[1]
        wal, checkpoints = _wal_written()
        self.wal = wal - self.wal[0], checkpoints - self.wal[1]
        for module, name, original in self.patched:
            setattr(module, name, original)
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    @staticmethod
    def _timed(label: str, function: Any, into: dict[str, float]) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                into[label] = into.get(label, 0.0) + time.perf_counter() - started

        return timed

    def _before(self, conn: Any, *_: Any) -> None:
        conn.info["bench_started"] = time.perf_counter(), _backend_cpu(conn)

    def _after(self, conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        label = " ".join(statement.split())[:90]
        wall, cpu = conn.info.pop("bench_started")
        self.sql[label] = self.sql.get(label, 0.0) + time.perf_counter() - wall
        self.sql_cpu[label] = self.sql_cpu.get(label, 0.0) + _backend_cpu(conn) - cpu

    def report(self, elapsed: float) -> None:
        """Print the steps, the costliest statements and the CPU split."""
        print("where the time goes (wall):")
        for label, spent in self.phases.items():
            print(f"  {spent:6.2f} s  {label}")
        rest = elapsed - sum(self.phases.values())
        print(f"  {rest:6.2f} s  upload, hashing, commit, answer")
        sql = sum(self.sql.values())
        sql_cpu = sum(self.sql_cpu.values())
        print(f"SQL {sql:.2f} s wall, {sql_cpu:.2f} s backend CPU; the costliest statements:")
        for label, spent in sorted(self.sql_cpu.items(), key=lambda kv: -kv[1])[:14]:
            print(f"  {self.sql[label]:6.2f} s wall {spent:6.2f} s CPU  {label}")
        python, postgres = self.cpu
        print(f"CPU: Python {python:.1f} s, PostgreSQL {postgres:.1f} s; load {os.getloadavg()}")
        wal, checkpoints = self.wal
        print(f"WAL written: {wal / 2**20:,.0f} MiB; checkpoints meanwhile: {checkpoints}")


def _wal_written() -> tuple[float, int]:
    """Bytes of WAL the server has written so far, and the checkpoints it has made."""
    from sqlalchemy import text

    from ansinh.core.db import owner_engine

    with owner_engine().connect() as connection:
        lsn, checkpoints = connection.execute(
            text(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0'), "
                "checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"
            )
        ).one()
    return float(lsn), int(checkpoints)


def _backend_cpu(conn: Any) -> float:
    """CPU seconds so far of the PostgreSQL backend serving `conn`."""
    pid = conn.connection.driver_connection.info.backend_pid
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def _postgres_cpu() -> float:
    """CPU seconds (user + system) of this benchmark's PostgreSQL processes so far."""
    pid_file = Path(os.environ["ANSINH_DATA_DIR"]) / "pgdata" / "postmaster.pid"
    postmaster = psutil.Process(int(pid_file.read_text().split()[0]))
    total = 0.0
    for process in (postmaster, *postmaster.children()):
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def serve_rss(lines: int, people: int, seed: int) -> None:
    """Peak resident memory of a real server process receiving declaration files over HTTP."""
    from ansinh.contributions.jobs import close_months
    from ansinh.core.config import get_settings
    from ansinh.core.db import get_engine, unit_of_work
    from ansinh.core.migrate import upgrade
    from ansinh.core.security import service as clients

    engine = get_engine()
    upgrade(engine)
    _seed(engine, people, seed)
    with unit_of_work() as session:
        close_months(db_session=session, first=_previous(MONTH), through=_previous(MONTH))
        _, key = clients.create(
            db_session=session,
            client_id=f"bench-{time.time_ns()}",
            name="Declarations benchmark",
            scopes=["contributions:declare"],
        )
    maximum = get_settings().upload_max_bytes
    with tempfile.TemporaryDirectory() as tmp:
        valid, largest = Path(tmp) / "declaration.csv", Path(tmp) / "largest.csv"
        _write_lines(engine, valid, lines, seed)
        _fill(valid, largest, maximum)
        with _server(engine.url.render_as_string(hide_password=False)) as (base, process):
            print(f"server pid {process.pid}: {process.memory_info().rss / 2**20:,.0f} MiB idle")
            peaks = [
                _post_sampled(base, key, valid, process, expect=201),
                _post_sampled(base, key, largest, process, expect=422),
            ]
    worst = max(peaks)
    verdict = "within" if worst <= RSS_LIMIT else "ABOVE"
    print(f"peak server RSS {worst / 2**20:,.0f} MiB: {verdict} 1 GiB")
    if worst > RSS_LIMIT:
        raise SystemExit(1)


def _fill(source: Path, target: Path, size: int) -> None:
    """Write `source` then its lines over and over, up to `size` bytes (whole lines only)."""
    header, *body = source.read_bytes().splitlines(keepends=True)
    written = len(header)
    with target.open("wb") as out:
        out.write(header)
        while True:
            for line in body:
                if written + len(line) > size:
                    return
                out.write(line)
                written += len(line)


class _server:
    """uvicorn serving the platform in a child process, on a free local port."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    def __enter__(self) -> tuple[str, psutil.Process]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = os.environ | {"ANSINH_DATABASE_URL": self.database_url, "ANSINH_LOG_LEVEL": "WARNING"}
        self.child = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "ansinh.app:served_app", "--factory",
             "--no-access-log", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if httpx.get(f"{base}/healthz").status_code < 500:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        return base, psutil.Process(self.child.pid)

    def __exit__(self, *_: object) -> None:
        self.child.terminate()
        self.child.wait(30)


def _post_sampled(base: str, key: str, path: Path, process: psutil.Process, expect: int) -> int:
    """POST the file, sampling the server's RSS; print and return the peak."""
    peak, done = process.memory_info().rss, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, process.memory_info().rss)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    with path.open("rb") as file:
        response = httpx.post(
            f"{base}/api/v1/contributions/declarations/files",
            files={"file": (path.name, file, "text/csv")},
            data={"month": f"{MONTH:%Y-%m}"},
            headers={"Authorization": f"Bearer {key}", "X-Purpose": "benchmark"},
            timeout=None,
        )
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    result = response.json()
    if response.status_code != expect:
        raise SystemExit(f"{path.name}: {response.status_code}, expected {expect}: {result}")
    total = result.get("lines_total") or result.get("errors_total")
    print(
        f"POST {path.stat().st_size / 2**20:,.1f} MiB ({response.status_code}, "
        f"{total:,} lines{' refused' if expect != 201 else ''}) in {elapsed:.1f} s: "
        f"peak server RSS {peak / 2**20:,.0f} MiB"
    )
    return int(peak)


def _tune_server() -> None:
    """Apply SERVER_SETTINGS to the embedded server and restart it; print them."""
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]  # made at import
    from sqlalchemy import text

    from ansinh.core.db import owner_engine

    engine = owner_engine()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for name, value in SERVER_SETTINGS.items():
            connection.execute(text(f"ALTER SYSTEM SET {name} = '{value}'"))
    engine.dispose()
    pgdata = Path(os.environ["ANSINH_DATA_DIR"]) / "pgdata"
    user = "pgserver" if os.geteuid() == 0 else None  # as pgserver runs it under root
    pg_ctl(["-w", "-l", str(pgdata / "log"), "restart"], pgdata=pgdata, user=user)
    with engine.connect() as connection:
        shown = {name: connection.scalar(text(f"SHOW {name}")) for name in SERVER_SETTINGS}
    print(f"server settings: {shown}")


def _seed(engine: object, people: int, seed: int) -> None:
    from ansinh.registry.jobs import is_seeded, load_dataset
    from ansinh.synth import generate, write

    if is_seeded(engine):  # type: ignore[arg-type]
        print("registry already seeded")
        return
    started = time.perf_counter()
    dataset = generate(people=people, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        write(dataset, Path(tmp))
        with engine.begin() as connection:  # type: ignore[attr-defined]
            loaded = load_dataset(connection=connection, directory=Path(tmp))
    with engine.connect() as connection:  # type: ignore[attr-defined]
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    print(f"seeded {loaded} and vacuumed in {_since(started)}")


def _write_lines(engine: object, path: Path, lines: int, seed: int) -> dict[str, int]:
    """Draw the month's lines over the workforce and write them as CSV; return counts by kind."""
    from sqlalchemy import text

    from ansinh.identity import build_personal_id
    from ansinh.rules.store import parameter

    rng = np.random.default_rng(seed)
    with engine.connect() as connection:  # type: ignore[attr-defined]
        active = connection.execute(
            text(
                "SELECT e.si_number, e.unit_code, e.start_date, s.amount FROM employments e "
                "CROSS JOIN LATERAL (SELECT amount FROM salaries s WHERE s.employment_id = "
                "e.employment_id ORDER BY effective_from DESC LIMIT 1) s "
                "WHERE e.end_date IS NULL AND e.start_date < :month"
            ),
            {"month": MONTH},
        ).all()
        idle = (
            connection.execute(
                text(
                    "SELECT p.si_number FROM persons p WHERE p.date_of_birth < '2006-01-01' AND "
                    "NOT EXISTS (SELECT 1 FROM employments e WHERE e.si_number = p.si_number "
                    "AND (e.end_date IS NULL OR e.end_date >= :month))"
                ),
                {"month": MONTH},
            )
            .scalars()
            .all()
        )
        units = connection.execute(text("SELECT unit_code, wage_region FROM employers")).all()
        known_ids = set(connection.execute(text("SELECT personal_id FROM persons")).scalars())
    counts = {kind: int(lines * share) for kind, share in MIX.items()}
    counts["unpaid_leave"] = lines - sum(counts.values())
    changed = counts["decrease"] + counts["salary_change"] + counts["correction"]
    if changed + counts["unpaid_leave"] > len(active) or counts["increase"] > len(idle):
        raise SystemExit(f"workforce too small: {len(active):,} active, {len(idle):,} idle")
    days = (_next(MONTH) - MONTH).days
    rows: list[dict[str, object]] = []
    picked = rng.permutation(len(active))
    order = iter(picked)
    old_enough = [i for i in picked if active[i][2] <= MONTH - timedelta(days=75)]
    corrected = set(old_enough[: counts["correction"]])
    for i in corrected:
        si, unit, _, salary = active[i]
        rows.append(_line("correction", unit, si, date(2026, 9, 1), salary * 11 // 10))
        rows[-1]["until_date"] = date(2026, 10, 31)
    for kind in ("decrease", "salary_change", "unpaid_leave"):
        taken = 0
        while taken < counts[kind]:
            i = next(order)
            if i in corrected:
                continue
            si, unit, start, salary = active[i]
            day = max(MONTH + timedelta(days=int(rng.integers(0, days))), start)
            if kind == "salary_change":
                raised = int(salary * rng.uniform(1.03, 1.15)) // 1000 * 1000
                rows.append(_line(kind, unit, si, day, raised))
            else:
                rows.append(_line(kind, unit, si, MONTH if kind == "unpaid_leave" else day))
            taken += 1
    minimum = parameter("wages/regional_minimum_wage").value_at(MONTH)
    assert isinstance(minimum, dict)
    hires = rng.choice(len(idle), counts["increase"], replace=False)
    for n, person in enumerate(hires):
        unit, region = units[int(rng.integers(len(units)))]
        day = MONTH + timedelta(days=int(rng.integers(1, days)))
        floor = int(minimum[region])
        salary = int(floor * rng.lognormal(0.3, 0.4)) // 1000 * 1000
        line = _line("increase", unit, idle[person], day, max(salary, floor))
        line["contract_type"] = "indefinite" if n % 3 else "definite"
        if n < counts["increase"] * NEW_PERSON_SHARE:
            born = 1970 + int(rng.integers(0, 35))
            sex = "F" if n % 2 else "M"
            pid = build_personal_id(
                birth_registration_code="001", sex=sex, birth_year=born, serial=n
            )
            if pid not in known_ids:
                line |= {
                    "si_number": None,
                    "personal_id": pid,
                    "full_name": f"Người Lao Động {n}",
                    "date_of_birth": date(born, 1 + n % 12, 1 + n % 28),
                    "sex": sex,
                }
        rows.append(line)
    columns = [
        "kind", "unit_code", "si_number", "personal_id", "full_name", "date_of_birth", "sex",
        "effective_date", "until_date", "salary", "contract_type",
    ]  # fmt: skip
    order_of_lines = rng.permutation(len(rows))
    table = pa.table({c: pa.array([rows[i].get(c) for i in order_of_lines]) for c in columns})
    pacsv.write_csv(table, path, write_options=pacsv.WriteOptions(quoting_style="needed"))
    return counts


def _line(kind: str, unit: str, si: str, day: date, salary: int | None = None) -> dict[str, object]:
    return {"kind": kind, "unit_code": unit, "si_number": si, "effective_date": day,
            "salary": salary}  # fmt: skip


def _previous(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def _next(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


if __name__ == "__main__":
    main()
