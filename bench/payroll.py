"""A national monthly payroll: compute, freeze and write pain.001 for every province; print figures.

    .venv/bin/python bench/payroll.py --beneficiaries 3500000
    .venv/bin/python bench/payroll.py --beneficiaries 200000 --data-dir /tmp/payroll-bench --keep

Setup (not timed): an embedded PostgreSQL, migrated; `--beneficiaries` monthly schedules spread
over the 34 provinces (pensions granted between 2015 and 2026, so the run applies Decrees
75/2024 and 162/2026 to most of them), 80 % paid into an account at one of the 14 banks and the
rest in cash at a post office, each with a recent proof of life. Then `VACUUM (ANALYZE)`.

Timed, for each province as the worker's jobs do it (`--workers` provinces at a time, each step
in its own transaction): the month's run computed set-based (`payments:compute_run`:
suspensions, channel in force, indexation, one payment per beneficiary), approved by a second
officer (frozen), and its pain.001.001.09 written from SQL. Then, timed apart, each file is
validated against the official XSD while streaming and its run marked sent
(`payments:send_file`) in `--validators` other processes: once every file is written, or with
`--overlap` as soon as each one is, beside the next provinces' computation (as a worker with
spare processes does; on this 2-core machine the validation then takes cores from PostgreSQL).
Printed: payments, VND, time per phase, the CPU time of this
process and of PostgreSQL (all its processes) for computing-to-writing and for validating, file
bytes, and the peak resident memory of this process and of PostgreSQL (postmaster and backends,
shared buffers counted in each backend that touched them, so an upper bound).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date
from pathlib import Path

import psutil

MONTH = date(2026, 12, 1)
LIMIT_SECONDS = 60.0
LIMIT_BYTES = 2 * 2**30
SERVER_SETTINGS = ("max_wal_size = '8GB'", "checkpoint_timeout = '30min'")
SEED = """
    INSERT INTO payment_schedules (schedule_id, si_number, province_code, area, kind, purpose,
                                   amount, start, granted_on, status, proof_of_life_on)
    SELECT gen_random_uuid(), lpad(i::text, 10, '0'), (ARRAY[{provinces}])[1 + i % {n}],
           CASE WHEN i % 3 = 0 THEN 'rural' ELSE 'urban' END, 'monthly',
           CASE WHEN i % 10 = 0 THEN 'SSBE' ELSE 'PENS' END,
           3000000 + (i::bigint * 7919) % 9000000,
           DATE '2015-01-01' + (i % 140) * interval '1 month',
           DATE '2015-01-01' + (i % 140) * interval '1 month', 'active', DATE '2026-06-01'
    FROM generate_series(1, :n) AS i;
    INSERT INTO payment_channels (si_number, kind, bank_bin, account_number, holder, place,
                                  effective_from, source, recorded_by)
    SELECT lpad(i::text, 10, '0'),
           CASE WHEN i % 5 = 0 THEN 'cash' ELSE 'account' END,
           CASE WHEN i % 5 = 0 THEN NULL ELSE (ARRAY[{bins}])[1 + i % 14] END,
           CASE WHEN i % 5 = 0 THEN NULL ELSE lpad((i::bigint * 104729)::text, 13, '0') END,
           CASE WHEN i % 5 = 0 THEN NULL ELSE 'NGUYEN VAN ' || i END,
           CASE WHEN i % 5 = 0 THEN 'Buu dien ' || i % 1000 END,
           DATE '2015-01-01', 'seed', 'bench'
    FROM generate_series(1, :n) AS i;
"""


def main() -> None:
    """Set up, run the payroll, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beneficiaries", type=int, default=3_500_000)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the database directory")
    parser.add_argument("--workers", type=int, default=1, help="provinces at a time")
    parser.add_argument("--validators", type=int, default=1, help="validating processes")
    parser.add_argument(
        "--overlap",
        action="store_true",
        help="validate each file as soon as it is written, beside the next computations",
    )
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ansinh-payroll-bench-"))
    os.environ["ANSINH_DATA_DIR"] = str(data_dir)
    os.environ.pop("ANSINH_DATABASE_URL", None)
    try:
        run(args.beneficiaries, args.workers, args.validators, overlap=args.overlap)
    finally:
        if not args.keep and args.data_dir is None:
            from ansinh.core.db import get_engine

            get_engine().dispose()
            shutil.rmtree(data_dir, ignore_errors=True)


def _postgres(data_dir: Path) -> list[psutil.Process]:
    """This benchmark's PostgreSQL: its postmaster, then every backend and helper process."""
    pid = int((data_dir / "pgdata" / "postmaster.pid").read_text().split()[0])
    server = psutil.Process(pid)
    return [server, *server.children(recursive=True)]


def _postgres_rss(data_dir: Path) -> int:
    """Resident memory of this benchmark's PostgreSQL: its postmaster and every backend."""
    return sum(p.memory_info().rss for p in _postgres(data_dir))


def _postgres_cpu(data_dir: Path) -> float:
    """CPU seconds used so far by this benchmark's PostgreSQL, exited backends included."""
    server, *children = _postgres(data_dir)
    times = server.cpu_times()
    alive = sum(t.user + t.system for t in (p.cpu_times() for p in children))
    return float(times.user + times.system + times.children_user + times.children_system + alive)


def _own_cpu() -> float:
    """CPU seconds used so far by this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _send(run_id: int, lines: int) -> str:
    """The job `payments:send_file` in a validating process."""
    from ansinh.payments import jobs

    return jobs.send_file(run_id=run_id, lines=lines)


def run(beneficiaries: int, workers: int, validators: int, *, overlap: bool) -> None:
    """The whole benchmark on the configured data directory."""
    from sqlalchemy import text

    from ansinh.core.config import get_settings
    from ansinh.core.db import owner_engine, unit_of_work
    from ansinh.core.migrate import upgrade
    from ansinh.core.security.actor import Actor
    from ansinh.geo.provinces import current_provinces
    from ansinh.identity.banks import banks_in_force
    from ansinh.payments import jobs, reconcile, runs, send

    engine = owner_engine()
    upgrade(engine)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # Server settings the payroll wants (reloaded, no restart): checkpoints spaced beyond a
        # national run's WAL, so its pages are not written whole again after each checkpoint.
        for setting in SERVER_SETTINGS:
            connection.execute(text(f"ALTER SYSTEM SET {setting}"))
        connection.execute(text("SELECT pg_reload_conf()"))
    provinces = [p.code for p in current_provinces(MONTH)]
    bins = [b.bin for b in banks_in_force(MONTH)]
    started = time.perf_counter()
    with engine.begin() as connection:
        for statement in SEED.format(
            provinces=", ".join(f"'{p}'" for p in provinces),
            n=len(provinces),
            bins=", ".join(f"'{b}'" for b in bins),
        ).split(";"):
            if statement.strip():
                connection.execute(text(statement), {"n": beneficiaries})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # As autovacuum leaves long-lived tables: statistics, and the visibility map that lets
        # a run read schedules and channels from their indexes alone.
        connection.execute(text("VACUUM (ANALYZE) payment_schedules, payment_channels"))
    print(
        f"setup: {beneficiaries:,} schedules and channels in {time.perf_counter() - started:.1f} s"
    )

    maker, checker = Actor(kind="system", id="payroll"), Actor(kind="officer", id="checker")
    timings = {"compute": 0.0, "approve": 0.0, "write": 0.0}
    data_dir = get_settings().data_dir
    pg_peak = 0

    def province_run(province: str) -> tuple[int, int]:
        """One province as the worker does it: computed, approved, written, each committed."""
        nonlocal pg_peak
        tick = time.perf_counter()
        run_id = jobs.compute_run(
            kind="monthly", period=MONTH.isoformat(), province_code=province, actor=maker
        )
        timings["compute"] += time.perf_counter() - tick
        tick = time.perf_counter()
        with unit_of_work() as db_session:
            runs.approve(db_session=db_session, run_id=run_id, actor=checker)
        timings["approve"] += time.perf_counter() - tick
        tick = time.perf_counter()
        with unit_of_work() as db_session:
            lines = jobs.write_run(db_session=db_session, run_id=run_id)
        timings["write"] += time.perf_counter() - tick
        pg_peak = max(pg_peak, _postgres_rss(data_dir))
        assert lines is not None
        return run_id, lines

    cpu = _own_cpu(), _postgres_cpu(data_dir)
    started = time.perf_counter()
    # The job `payments:send_file` of each written file runs in other processes while the next
    # provinces are computed, as a second worker would run it.
    spawn = multiprocessing.get_context("spawn")
    with (
        ThreadPoolExecutor(workers) as pool,
        ProcessPoolExecutor(validators, mp_context=spawn) as processes,
    ):
        written, sending = [], []
        for run_id, lines in pool.map(province_run, provinces):
            written.append((run_id, lines))
            if overlap:
                sending.append(processes.submit(_send, run_id, lines))
        wall = time.perf_counter() - started
        written_cpu = _own_cpu() - cpu[0], _postgres_cpu(data_dir) - cpu[1]
        if not overlap:
            sending = [processes.submit(_send, run_id, lines) for run_id, lines in written]
        statuses = [f.result() for f in sending]
    validation = time.perf_counter() - started
    assert statuses == ["sent"] * len(provinces), statuses
    files = []
    with unit_of_work() as db_session:
        for run_id, lines in written:
            run = runs.get_run_by_id(db_session=db_session, run_id=run_id)
            assert reconcile.totals(db_session=db_session, run_id=run_id).balanced
            files.append((send.file_path(run), lines, run.lines, run.total))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    payments, total = sum(f[2] for f in files), sum(f[3] for f in files)
    size = sum(f[0].stat().st_size for f in files)
    print(
        f"payroll {MONTH:%Y-%m}: {len(provinces)} provinces, {payments:,} payments, "
        f"{total:,} VND; {workers} province(s) at a time"
    )
    for phase, seconds in timings.items():
        print(f"  {phase:<15} {seconds:6.1f} s (summed over the provinces)")
    print(f"  computed, frozen, written {wall:6.1f} s  (limit {LIMIT_SECONDS:.0f} s)")
    print(f"  validated and sent        {validation:6.1f} s  (from the start)")
    print(f"  CPU up to written {written_cpu[0]:6.1f} s Python, {written_cpu[1]:6.1f} s PostgreSQL")
    print(f"  CPU validation    {children.ru_utime + children.ru_stime:6.1f} s Python")
    print(f"  {validators} validating process(es), {'overlapping' if overlap else 'after writing'}")
    print(f"  files           {size / 2**20:,.0f} MiB of pain.001.001.09")
    print(
        f"  peak RSS        {peak / 2**20:,.0f} MiB this process, "
        f"{children.ru_maxrss / 2**10:,.0f} MiB a validating process, "
        f"{pg_peak / 2**20:,.0f} MiB PostgreSQL"
    )
    if wall > LIMIT_SECONDS or peak > LIMIT_BYTES:
        raise SystemExit("over the limit")


if __name__ == "__main__":
    main()
