"""Benchmark: the clinic eligibility check against a trivial endpoint of the same server.

Seeds N synthetic persons (default 1,000,000) with cards into a throw-away embedded PostgreSQL,
starts the server as `make demo` does once seeded (`ansinh serve`: uvicorn, one process, the
app factory, access log by route; a subprocess; durable check logging on),
then drives POST /api/v1/hi/eligibility and GET /healthz over 127.0.0.1 with wrk (a second
process, written in C, so the load generator takes little of the two cores; `bench/wrk_report.lua`
feeds the bodies and reports), at several concurrency levels (closed loop: N connections, each
sending its next request when answered; the two endpoints alternate for a few rounds per level
so a load spike hits both). The
eligibility bodies use random personal IDs: most registered (some with expired cards, some with
no card), some well-formed but unknown, some malformed (422). Prints requests/s, p50/p99 latency
for both endpoints and their ratio, with the core count; checks that every answered check was
logged. Run: `.venv/bin/python bench/eligibility.py [--people 1000000]` (needs `wrk`:
`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
from pgserver.postgres_server import get_server
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

from ansinh.core.clock import today
from ansinh.core.migrate import upgrade
from ansinh.core.security import service as clients
from ansinh.geo import current_provinces
from ansinh.health.jobs import prepare_demo
from ansinh.identity import birth_registration_codes, build_personal_id
from ansinh.registry.jobs import load_dataset
from ansinh.synth import generate, write

FACILITY = "79001"
ELIGIBILITY = "/api/v1/hi/eligibility"
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
P99_GOAL_MS = 20.0
RATIO_GOAL = 0.6


@dataclass
class Stats:
    """One endpoint at one concurrency level, as wrk measured it."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non2xx: int

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds


def seed(engine: Engine, people: int, expired_share: float) -> tuple[list[str], str]:
    """Load people, facilities and cards; expire a share of cards; return sample IDs and a key."""
    with tempfile.TemporaryDirectory(prefix="ansinh-bench-data-") as tmp:
        started = time.perf_counter()
        write(generate(people=people, seed=1, province=None), Path(tmp))
        with engine.begin() as connection:
            loaded = load_dataset(connection=connection, directory=Path(tmp))
            provinces = [p.code for p in current_provinces(today())]
            issuing = time.perf_counter()
            summary = prepare_demo(connection=connection, provinces=provinces)
            issued = time.perf_counter() - issuing
            day = today()
            expired = connection.execute(
                text(
                    "UPDATE hi_cards SET valid_from = least(valid_from, :before),"
                    " valid_to = :expired WHERE replaced_by IS NULL"
                    " AND ('x' || substr(md5(si_number), 20, 7))::bit(28)::int < :cut"
                ),
                {
                    "before": day - timedelta(days=400),
                    "expired": day - timedelta(days=30),
                    "cut": int(expired_share * (1 << 28)),
                },
            ).rowcount
            sample = list(
                connection.scalars(
                    text("SELECT personal_id FROM persons TABLESAMPLE SYSTEM (3) LIMIT 30000")
                )
            )
    with Session(engine) as session, session.begin():
        _, key = clients.create(
            db_session=session,
            client_id=f"{FACILITY}_BV",
            name="bench clinic",
            scopes=["hi:eligibility"],
        )
    print(
        f"seed: {loaded['persons']:,} persons, {summary.issued:,} cards issued in {issued:.0f} s "
        f"({expired:,} made expired); {time.perf_counter() - started:.0f} s in all"
    )
    return sample, key


def bodies(registered: list[str], count: int, rng: random.Random) -> list[dict[str, str]]:
    """Eligibility bodies: 85% registered, 10% unknown but well-formed, 5% malformed."""
    codes = list(birth_registration_codes())
    out = []
    for _ in range(count):
        draw = rng.random()
        if draw < 0.85:
            personal_id = rng.choice(registered)
        elif draw < 0.95:
            personal_id = build_personal_id(
                birth_registration_code=rng.choice(codes),
                sex=rng.choice("MF"),
                birth_year=rng.randint(1940, 2024),
                serial=rng.randint(0, 999_999),
            )
        else:
            personal_id = f"999{rng.randint(0, 999_999_999):09d}"
        out.append({"personal_id": personal_id, "facility_code": FACILITY})
    return out


def drive(
    base: str,
    path: str,
    *,
    concurrency: int,
    seconds: float,
    bodies: Path | None = None,
    key: str = "",
) -> Stats:
    """One closed-loop wrk run: `concurrency` connections for `seconds` (POST `bodies` if given)."""
    env = os.environ | {"BENCH_PATH": path}
    if bodies is not None:
        env |= {"BENCH_BODIES": str(bodies), "BENCH_KEY": key}
    command = [
        "wrk",
        "-t1",
        f"-c{concurrency}",
        f"-d{round(seconds)}s",
        "-s",
        str(WRK_SCRIPT),
        base + path,
    ]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    report = json.loads(out.strip().splitlines()[-1])
    if report["socket_errors"]:
        raise RuntimeError(f"wrk saw socket errors: {report}")
    return Stats(
        report["requests"], report["seconds"], report["p50"], report["p99"], report["non2xx"]
    )


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    """`ansinh serve` (what `ansinh demo` ends with) on the seeded database."""
    env = os.environ | {
        "ANSINH_DATABASE_URL": url,
        "ANSINH_PORT": str(port),
        "ANSINH_DATA_DIR": str(data_dir),
        "ANSINH_HI_RATE_PER_SECOND": "1000000",
        "ANSINH_HI_RATE_BURST": "1000000",
    }
    command = [str(Path(sys.executable).with_name("ansinh")), "serve"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"the server did not start; see {log}")


def _pooled(runs: list[Stats]) -> Stats:
    """Rounds together: total rate, the median round's p50 and the worst round's p99."""
    return Stats(
        sum(r.requests for r in runs),
        sum(r.seconds for r in runs),
        statistics.median(r.p50_ms for r in runs),
        max(r.p99_ms for r in runs),
        sum(r.non2xx for r in runs),
    )


def sweep(
    base: str, bodies: Path, key: str, levels: list[int], rounds: int, seconds: float
) -> list[tuple[int, Stats, Stats]]:
    """Both endpoints at each level, alternating for `rounds` rounds (load spikes hit both)."""
    rows = []
    for level in levels:
        healths, eligs = [], []
        for _ in range(rounds):
            healths.append(drive(base, "/healthz", concurrency=level, seconds=seconds))
            eligs.append(
                drive(base, ELIGIBILITY, concurrency=level, seconds=seconds, bodies=bodies, key=key)
            )
        health, elig = _pooled(healths), _pooled(eligs)
        rows.append((level, health, elig))
        print(
            f"{level:>4} | {health.rps:>11,.0f} {health.p50_ms:>6.1f} {health.p99_ms:>6.1f} | "
            f"{elig.rps:>8,.0f} {elig.p50_ms:>6.1f} {elig.p99_ms:>6.1f} | "
            f"{elig.rps / health.rps:>5.2f}  {elig.non2xx:,} of {elig.requests:,}",
            flush=True,
        )
    return rows


def headline(rows: list[tuple[int, Stats, Stats]]) -> str:
    """The goal's terms: eligibility at the best load keeping p99 <= 20 ms vs healthz's peak."""
    peak = max(health.rps for _, health, _ in rows)
    within = [(elig.rps, level) for level, _, elig in rows if elig.p99_ms <= P99_GOAL_MS]
    if not within:
        return f"healthz peak {peak:,.0f} req/s; no load kept eligibility p99 <= {P99_GOAL_MS} ms"
    rps, level = max(within)
    return (
        f"healthz peak {peak:,.0f} req/s; eligibility {rps:,.0f} req/s at concurrency {level} "
        f"with p99 <= {P99_GOAL_MS:.0f} ms; ratio {rps / peak:.2f} (goal >= {RATIO_GOAL})"
    )


def _count_checks(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text("SELECT count(*) FROM hi_checks")) or 0)


def main() -> None:
    """Seed, serve, drive, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--levels", default="1,2,3,4,6,8,16", help="concurrency levels")
    parser.add_argument("--seconds", type=float, default=5, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs per level")
    parser.add_argument("--expired", type=float, default=0.05, help="share of expired cards")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("this benchmark drives the server with wrk: apt-get install wrk")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load}")

    tmp = Path(tempfile.mkdtemp(prefix="ansinh-bench-elig-"))
    database = get_server(str(tmp / "pg"), cleanup_mode="stop")
    url = make_url(database.get_uri()).set(drivername="postgresql+psycopg")
    engine = create_engine(url)
    upgrade(engine)
    registered, key = seed(engine, args.people, args.expired)
    payloads = tmp / "bodies.ndjson"
    lines = (json.dumps(b) for b in bodies(registered, 20_000, random.Random(7)))
    payloads.write_text("\n".join(lines) + "\n")
    port = free_port()
    server = start_server(url.render_as_string(hide_password=False), port, tmp, tmp / "server.log")
    base = f"http://127.0.0.1:{port}"
    try:
        before = _count_checks(engine)
        warm = drive(base, ELIGIBILITY, concurrency=4, seconds=3, bodies=payloads, key=key)
        drive(base, "/healthz", concurrency=4, seconds=3)
        print(
            f"{'conc':>4} | {'healthz rps':>11} {'p50':>6} {'p99':>6} | "
            f"{'elig rps':>8} {'p50':>6} {'p99':>6} | {'ratio':>5}  non-2xx (malformed: 422)"
        )
        levels = [int(x) for x in args.levels.split(",")]
        rows = sweep(base, payloads, key, levels, args.rounds, args.seconds)
        answered = sum(s.requests - s.non2xx for s in [warm, *(elig for _, _, elig in rows)])
        logged = _count_checks(engine) - before
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Rows may exceed answers: checks in flight when a wrk run stops are logged but never read.
    print(f"check log: {logged:,} rows for {answered:,} answered checks")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"headline: {headline(rows)}; {os.cpu_count()} cores; load average after {load}")
    engine.dispose()
    database.cleanup()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
