"""A national working day of short-term claims (default 36,000 lines) in employer lists, timed.

    .venv/bin/python bench/claims.py                      # fresh embedded database
    .venv/bin/python bench/claims.py --lines 3600 --data-dir /tmp/claims-bench --keep

Setup (not timed): an embedded PostgreSQL, a synthetic population of `--people` loaded with
COPY, twelve months of counted contributions (November 2025–October 2026) in the book of
everyone employed, and the certificates hospitals would have pushed (sick-leave, discharge and
birth certificates) for the lines that need one. The lines are drawn over the workforce of the
largest employers — ordinary sick leave, sick children, prenatal visits, miscarriages, births,
fathers' leave, contraception and convalescence — one person per line, and grouped by employer
into lists of at most `--batch-lines` (01B-HSB, JSON). The timed part posts every list,
`--clients` at a time as employers do, to /api/v1/benefits/claim-batches, served by
`--server-workers` uvicorn processes (default: two per core, both) or, with 0, by the ASGI app in
this process (all or nothing):
Pydantic line checks, the set-based SQL checks, filing, the rules engine deciding each claim,
decisions, entitlements and their outbox events, the stored lines, the audit events and the
commit. Today is 2026-11-10.

It prints the lines per second, the outcomes, the CPU of Python and of PostgreSQL, and the peak
resident memory of the posting process during the timed part (in process, also each stage's
time summed over the lists).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, timedelta
from functools import wraps
from pathlib import Path
from typing import Any

import numpy as np
import psutil

TODAY = date(2026, 11, 10)
BOOK_FIRST, BOOK_LAST = date(2025, 11, 1), date(2026, 10, 1)
MONDAY = date(2026, 11, 2)
WOMEN_MIX = {
    "ordinary": 0.55,
    "sick_child": 0.12,
    "prenatal": 0.10,
    "birth": 0.06,
    "miscarriage": 0.03,
    "contraception": 0.04,
    "after_sickness": 0.10,
}
MEN_MIX = {"ordinary": 0.75, "sick_child": 0.10, "father": 0.10, "after_sickness": 0.05}
STAGES: dict[str, float] = defaultdict(float)
DAY_LINES, DAY_GOAL_SECONDS = 36_000, 60.0  # issue 12: a national day of claims in ≤ 60 s


def main() -> None:
    """Set up, write the lists, post them, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=DAY_LINES)
    parser.add_argument("--batch-lines", type=int, default=120)
    # Two server processes per core: each list's request waits on PostgreSQL about half its time.
    per_core = 2 * (os.cpu_count() or 1)
    parser.add_argument(
        "--clients", type=int, default=per_core, help="employers posting at the same time"
    )
    parser.add_argument(
        "--server-workers",
        type=int,
        default=per_core,
        help="serve the platform with uvicorn and this many processes (0: the ASGI app in-process)",
    )
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the database directory")
    parser.add_argument(
        "--log-statements",
        action="store_true",
        help="log every statement's duration during the posts (read with bench/statements.py)",
    )
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ansinh-claims-bench-"))
    os.environ["ANSINH_DATA_DIR"] = str(data_dir)
    os.environ.pop("ANSINH_DATABASE_URL", None)
    try:
        people = args.people or args.lines * 8
        run(
            args.lines,
            args.batch_lines,
            people,
            args.seed,
            args.clients,
            args.server_workers,
            args.log_statements,
        )
    finally:
        if not args.keep and args.data_dir is None:
            from ansinh.core.db import get_engine

            get_engine().dispose()
            shutil.rmtree(data_dir, ignore_errors=True)


def run(
    lines: int,
    batch_lines: int,
    people: int,
    seed: int,
    posters: int,
    server_workers: int,
    log_statements: bool = False,
) -> None:
    """The whole benchmark on the configured data directory."""

    logging.getLogger("ansinh.access").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from sqlalchemy import text

    from ansinh.core import clock
    from ansinh.core.db import owner_engine, unit_of_work
    from ansinh.core.migrate import upgrade
    from ansinh.core.security import service as clients

    engine = owner_engine()
    upgrade(engine)
    _seed(engine, people, seed)
    started = time.perf_counter()
    batches, certificates = _draw(engine, lines, batch_lines, seed)
    print(
        f"drew {sum(len(b['lines']) for b in batches):,} lines in {len(batches):,} lists and "
        f"stored {certificates:,} certificates in {_since(started)}"
    )
    with unit_of_work() as session:
        _, key = clients.create(
            db_session=session,
            client_id=f"bench-{time.time_ns()}",
            name="Claims benchmark",
            scopes=["benefits:claim"],
        )
    _time_stages()
    headers = {
        "Authorization": f"Bearer {key}",
        "X-Purpose": "benchmark",
        "Content-Type": "application/json",
    }
    bodies = [json.dumps(batch, default=str).encode() for batch in batches]  # as employers send
    outcomes: Counter[str] = Counter()
    sampler = _PeakRss()
    with clock.frozen_at(TODAY), _client(server_workers) as http, _logging(engine, log_statements):
        sampler.start()
        cpu_before = _cpu_seconds()
        started = time.perf_counter()

        def post(body: bytes) -> dict[str, int]:
            response = http.post("/api/v1/benefits/claim-batches", content=body, headers=headers)
            if response.status_code != 201:
                raise SystemExit(f"list refused ({response.status_code}): {response.text[:2000]}")
            return dict(response.json()["outcomes"])

        with ThreadPoolExecutor(max_workers=posters) as pool:
            for answer in pool.map(post, bodies):
                outcomes.update(answer)
        elapsed = time.perf_counter() - started
        cpu = [end - begin for end, begin in zip(_cpu_seconds(), cpu_before, strict=True)]
        peak = sampler.stop()
    with engine.connect() as connection:
        entitled = connection.scalar(text("SELECT count(*) FROM benefit_entitlements"))
        reasons = connection.execute(
            text(
                "SELECT coalesce(c.hold_reason, d.reasons::text) AS reason, count(*) AS n "
                "FROM benefit_claims c LEFT JOIN benefit_decisions d USING (claim_id) "
                "WHERE c.status IN ('held', 'refused') GROUP BY 1 ORDER BY 2 DESC LIMIT 5"
            )
        ).all()
    total = sum(outcomes.values())
    print(
        f"POST {len(batches):,} lists, {total:,} lines in {elapsed:.1f} s wall "
        f"({total / elapsed:,.0f} lines/s); outcomes {dict(outcomes)}; {entitled:,} entitlements"
    )
    for reason, count in reasons:
        print(f"  {count:,} held or refused: {reason}")
    for stage, seconds in STAGES.items():
        print(f"  {stage:<52} {seconds:6.1f} s")
    if (
        posters == 1 and not server_workers
    ):  # with several posting at once the stages overlap: no rest to show
        rest = elapsed - sum(STAGES.values())
        print(f"  {'HTTP, JSON, stored lines, audit, result, commit':<52} {rest:6.1f} s")
    print(f"CPU during the posts: Python {cpu[0]:.1f} s, PostgreSQL {cpu[1]:.1f} s")
    if total == DAY_LINES:
        met = "met" if elapsed <= DAY_GOAL_SECONDS else "NOT met"
        print(f"goal: a national day in ≤ {DAY_GOAL_SECONDS:.0f} s wall: {met}")
    print(
        f"peak RSS during the posts {peak / 2**20:,.0f} MiB "
        f"(process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:,.0f} MiB)"
    )


@contextmanager
def _client(server_workers: int) -> Iterator[Any]:
    """The ASGI app in this process, or `server_workers` uvicorn processes on a free port."""
    from fastapi.testclient import TestClient

    from ansinh.app import create_app

    if not server_workers:
        with TestClient(create_app()) as http:
            yield http
        return
    import httpx

    from ansinh.core.config import get_settings
    from ansinh.core.db import resolve_url

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = os.environ | {
        "ANSINH_DATABASE_URL": resolve_url(get_settings()),
        "BENCH_TODAY": TODAY.isoformat(),
        "ANSINH_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), *sys.path]),
    }
    command = [sys.executable, "-m", "uvicorn", "bench.frozen_app:app", "--port", str(port)]
    command += ["--workers", str(server_workers), "--no-access-log", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        print(f"serving with uvicorn, {server_workers} worker processes")
        with httpx.Client(base_url=base, timeout=600) as http:
            yield http
    finally:
        server.terminate()
        server.wait(30)


@contextmanager
def _logging(engine: Any, wanted: bool) -> Iterator[None]:
    """Log each statement's duration in PostgreSQL's log (under the data directory) meanwhile."""
    if not wanted:
        yield
        return
    from sqlalchemy import text

    def setting(value: str) -> None:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"ALTER SYSTEM SET log_min_duration_statement = {value}"))
            connection.execute(text("SELECT pg_reload_conf()"))

    setting("0")
    try:
        yield
    finally:
        setting("DEFAULT")
        log = Path(os.environ["ANSINH_DATA_DIR"], "pgdata", "log")
        print(f"statements logged in {log} (bench/statements.py {log})")


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            STAGES[name] += time.perf_counter() - started

    return wrapper


# Each stage's function where its caller looks it up: (module, name) -> label.
_STAGED = {
    ("ansinh.benefits.claims.batches.service", "stage"): (
        "intake: Pydantic line checks, COPY to staging"
    ),
    ("ansinh.benefits.claims.batches.service", "check_staged"): "intake: set-based SQL checks",
    ("ansinh.benefits.claims.service", "check_lines"): "filing: facts, persons, certificates",
    ("ansinh.benefits.claims.deciding", "verdicts"): "deciding: books, open claims, rules engine",
    ("ansinh.benefits.claims.service", "store"): "filing: insert claims and timeline",
    ("ansinh.benefits.claims.settle", "write_plan"): (
        "deciding: insert decisions, entitlements, events"
    ),
}


def _time_stages() -> None:
    """Wrap each stage's function where its caller looks it up."""
    import importlib

    for (module_name, name), label in _STAGED.items():
        module = importlib.import_module(module_name)
        setattr(module, name, _timed(label, getattr(module, name)))


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and its servers, and of PostgreSQL, so far."""
    me = psutil.Process()
    python = sum(t.user + t.system for t in [me.cpu_times()])
    for child in me.children(recursive=True):  # the uvicorn workers, with --server-workers
        if child.name() != "postgres":
            python += child.cpu_times().user + child.cpu_times().system
    postgres = 0.0
    pgdata = str(Path(os.environ["ANSINH_DATA_DIR"], "pgdata").resolve())
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and pgdata in " ".join(process.info["cmdline"] or []):
            for member in [process, *process.children(recursive=True)]:
                times = member.cpu_times()
                postgres += times.user + times.system + times.children_user + times.children_system
    return python, postgres


class _PeakRss:
    """Sample this process's resident memory every 20 ms in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        process = psutil.Process()
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, process.memory_info().rss)

    def start(self) -> None:
        """Start sampling."""
        self._thread.start()

    def stop(self) -> int:
        """Stop sampling; the peak in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak


def _seed(engine: Any, people: int, seed: int) -> None:
    from sqlalchemy import text

    from ansinh.registry.jobs import is_seeded, load_dataset
    from ansinh.synth import generate, write

    if is_seeded(engine):
        print("registry already seeded")
        return
    started = time.perf_counter()
    dataset = generate(people=people, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        write(dataset, Path(tmp))
        with engine.begin() as connection:
            loaded = load_dataset(connection=connection, directory=Path(tmp))
            book = connection.execute(
                text(
                    "INSERT INTO contribution_book (si_number, scheme, unit_code, month, salary, "
                    "base, pension_survivors_employer, pension_survivors_employee, "
                    "sickness_maternity_employer, sickness_maternity_employee, "
                    "work_injury_employer, work_injury_employee, unemployment_employer, "
                    "unemployment_employee, health_employer, health_employee, recorded_from, "
                    "carried_over) SELECT e.si_number, 'compulsory', e.unit_code, m::date, "
                    "s.amount, s.amount, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "
                    "timestamptz '2000-01-01', true FROM employments e CROSS JOIN LATERAL "
                    "(SELECT amount FROM salaries s WHERE s.employment_id = e.employment_id "
                    "ORDER BY effective_from DESC LIMIT 1) s CROSS JOIN generate_series("
                    "CAST(:first AS date), CAST(:last AS date), interval '1 month') m "
                    "WHERE e.end_date IS NULL AND e.start_date < :first "
                    "ON CONFLICT DO NOTHING"
                ),
                {"first": BOOK_FIRST, "last": BOOK_LAST},
            ).rowcount
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    print(f"seeded {loaded}, {book:,} book months, vacuumed in {_since(started)}")


def _draw(engine: Any, lines: int, batch_lines: int, seed: int) -> tuple[list[dict[str, Any]], int]:
    """The lists (JSON bodies), grouped by employer; store the certificates they name."""
    from sqlalchemy import text

    rng = np.random.default_rng(seed)
    with engine.connect() as connection:
        workforce = connection.execute(
            text(
                "SELECT DISTINCT ON (e.si_number) e.si_number, e.unit_code, p.sex, "
                "emp.name FROM employments e JOIN persons p USING (si_number) "
                "JOIN employers emp USING (unit_code) WHERE e.end_date IS NULL "
                "AND e.start_date < :first AND p.date_of_birth BETWEEN '1966-01-01' "
                "AND '2004-01-01' ORDER BY e.si_number, e.start_date"
            ),
            {"first": BOOK_FIRST},
        ).all()
    if len(workforce) < lines:
        raise SystemExit(f"only {len(workforce):,} people at work: raise --people")
    # The largest employers file the day's lists (a list holds one employer's lines).
    sizes = Counter(w.unit_code for w in workforce)
    chosen = sorted(workforce, key=lambda w: (-sizes[w.unit_code], w.unit_code))[:lines]
    certificates: list[dict[str, Any]] = []
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {}
    for n, worker in enumerate(chosen):
        mix = WOMEN_MIX if worker.sex == "F" else MEN_MIX
        subtype = str(rng.choice(list(mix), p=list(mix.values())))
        line, certificate = _line(worker.si_number, subtype, n, rng)
        by_unit[worker.unit_code].append(line)
        names[worker.unit_code] = worker.name
        if certificate:
            certificates.append(certificate)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO medical_certificates (serial, kind, si_number, from_date, to_date, "
                "event_date, facility_code, fields, received_at) VALUES (:serial, :kind, "
                ":si_number, :from_date, :to_date, :event_date, '79001', '{}', now())"
            ),
            certificates,
        )
    batches = []
    for unit, unit_lines in by_unit.items():
        for number, start in enumerate(range(0, len(unit_lines), batch_lines), start=1):
            batches.append(
                {
                    "header": {
                        "unit_code": unit,
                        "unit_name": names[unit][:300],
                        "unit_account": "0071000999888",
                        "unit_bank_bin": "970436",
                        "period": "2026-11",
                        "batch_number": number,
                    },
                    "lines": unit_lines[start : start + batch_lines],
                }
            )
    return batches, len(certificates)


def _line(si: str, subtype: str, n: int, rng: np.random.Generator) -> tuple[dict[str, Any], Any]:
    """One claim line and the certificate it names (or None)."""
    serial = f"BN{n:010d}"
    start = MONDAY + timedelta(days=int(rng.integers(0, 3)))
    line: dict[str, Any] = {
        "branch": "sickness",
        "subtype": subtype,
        "si_number": si,
        "receipt_method": "own_account",
        "account_number": f"{1_000_000_000 + n}",
        "account_holder": "NGUOI LAO DONG",
        "bank_bin": "970436",
    }
    certificate: dict[str, Any] | None = None
    if subtype in ("ordinary", "sick_child"):
        end = start + timedelta(days=2)
        line |= {"certificate_serial": serial, "days": 3}
        if subtype == "sick_child":
            line["child_birth_date"] = "2023-04-05"
        certificate = {"kind": "sick_leave", "from_date": start, "to_date": end}
    elif subtype == "after_sickness":
        end = start + timedelta(days=4)
        line |= {
            "branch": "convalescence",
            "days": 5,
            "convalescence_reason": "other",
            "preceding_leave_end": str(start - timedelta(days=1)),
            "sick_days_this_year": 35,
        }
    elif subtype == "prenatal":
        end = start
        line |= {"branch": "maternity", "days": 1}
    elif subtype == "miscarriage":
        start = date(2026, 10, 20)
        end = start + timedelta(days=9)
        line |= {"branch": "maternity", "days": 10, "gestational_weeks": 4}
        line["certificate_serial"] = serial
        certificate = {"kind": "discharge", "from_date": start, "to_date": end}
    elif subtype == "contraception":
        end = start + timedelta(days=6)
        line |= {"branch": "maternity", "days": 7, "contraception_method": "iud"}
    else:  # birth or father: a child born on 2026-10-01
        start = date(2026, 10, 1)
        end = start + timedelta(days=182 if subtype == "birth" else 6)
        line |= {
            "branch": "maternity",
            "days": 183 if subtype == "birth" else 5,
            "weekly_rest_days": 0 if subtype == "birth" else 2,
            "child_birth_date": str(start),
            "children": 1,
            "certificate_serial": serial,
        }
        certificate = {"kind": "birth", "from_date": None, "to_date": None, "event_date": start}
    line |= {"from_date": str(start), "to_date": str(end)}
    if certificate is not None:
        certificate = {
            "serial": serial,
            "si_number": si if subtype != "sick_child" and subtype != "father" else None,
            "event_date": None,
        } | certificate
    return line, certificate


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


if __name__ == "__main__":
    main()
