"""Benchmark: the clinic check against a bare peer doing the same work, 1 worker and N workers.

Seeds N synthetic persons (default 1,000,000) with cards into a throw-away embedded PostgreSQL,
then starts, against that database and side by side, the platform as `make demo` serves it
(`ansinh serve --workers W`: uvicorn, the app factory, access log by route, durable check log)
and the peer `bench/peer.py` (a bare FastAPI app on the same uvicorn: the same indexed lookup
plus one INSERT and commit per request on a psycopg async pool, and a bare `/ping`). It drives
four endpoints over 127.0.0.1 in turn, several rounds per concurrency level, so a load spike on
the shared machine hits all of them: the peer's `/ping`, the platform's `/healthz` (readiness:
asks the database) and `/livez` (liveness: the trivial route through the whole stack), the
peer's `/check` and the platform's `POST /api/v1/hi/eligibility`. The load generator is wrk when
installed (C, `bench/wrk_report.lua` feeds the bodies), else `bench/load.py` (asyncio, raw
sockets, another process). Closed loop: N connections, each sending its next request when
answered. Eligibility bodies use random personal IDs: most registered (some with expired cards,
some with no card), some well-formed but unknown, some malformed (422). Prints, per level, each
endpoint's requests/s (spread over rounds), p50/p99, and the ratios clinic/peer, healthz/ping
and livez/ping; the whole sweep with 1 server process and with W (default: the core count);
the load average; and checks that every answered check was logged.
Run: `.venv/bin/python bench/eligibility.py [--people 1000000] [--workers 1,2]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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
from typing import Any

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
LOAD = Path(__file__).with_name("load.py")
PEER_GOAL = 1.0
PING_GOAL = 0.8


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
    """One closed-loop run: `concurrency` connections for `seconds` (POST `bodies` if given)."""
    if shutil.which("wrk"):
        env = os.environ | {"BENCH_PATH": path}
        if bodies is not None:
            env |= {"BENCH_BODIES": str(bodies), "BENCH_KEY": key}
        command = ["wrk", "-t1", f"-c{concurrency}", f"-d{round(seconds)}s", "-s", str(WRK_SCRIPT)]
        command.append(base + path)
    else:
        env = dict(os.environ)
        command = [sys.executable, str(LOAD), base + path, f"-c{concurrency}", f"-d{seconds}"]
        if bodies is not None:
            command += ["--bodies", str(bodies), "--key", key]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    report = json.loads(out.strip().splitlines()[-1])
    if report["socket_errors"]:
        raise RuntimeError(f"the load generator saw socket errors: {report}")
    return Stats(
        report["requests"], report["seconds"], report["p50"], report["p99"], report["non2xx"]
    )


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    """Poll `url` until it answers 200 (or give up after three minutes)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"the server did not start; see {log}")


def start_platform(
    url: str, port: int, workers: int, data_dir: Path, log: Path
) -> subprocess.Popen[bytes]:
    """`ansinh serve --workers W` (what `ansinh demo` ends with) on the seeded database."""
    env = os.environ | {
        "ANSINH_DATABASE_URL": url,
        "ANSINH_PORT": str(port),
        "ANSINH_DATA_DIR": str(data_dir),
        "ANSINH_HI_RATE_PER_SECOND": "1000000",
        "ANSINH_HI_RATE_BURST": "1000000",
    }
    command = [str(Path(sys.executable).with_name("ansinh")), "serve", "--workers", str(workers)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    wait_until_up(server, f"http://127.0.0.1:{port}/healthz", log)
    return server


def start_peer(url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """The bare peer app under the same uvicorn, on the same database."""
    env = os.environ | {
        "PEER_DATABASE_URL": make_url(url).set(drivername="postgresql").render_as_string(False),
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), *sys.path]),
    }
    command = [sys.executable, "-m", "uvicorn", "bench.peer:app", "--port", str(port)]
    command += ["--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    wait_until_up(server, f"http://127.0.0.1:{port}/ping", log)
    return server


def _pooled(runs: list[Stats]) -> Stats:
    """Rounds together: total rate, the median round's p50 and the worst round's p99."""
    return Stats(
        sum(r.requests for r in runs),
        sum(r.seconds for r in runs),
        statistics.median(r.p50_ms for r in runs),
        max(r.p99_ms for r in runs),
        sum(r.non2xx for r in runs),
    )


@dataclass
class Level:
    """The four endpoints at one concurrency level, every round kept."""

    concurrency: int
    runs: dict[str, list[Stats]]

    def pooled(self, name: str) -> Stats:
        """The endpoint's rounds pooled."""
        return _pooled(self.runs[name])

    def spread(self, name: str) -> str:
        """The endpoint's slowest and fastest round, in requests/s."""
        rates = [r.rps for r in self.runs[name]]
        return f"{min(rates):,.0f}–{max(rates):,.0f}"

    def ratio(self, name: str, peer: str) -> float:
        """The endpoint's pooled rate over its peer's."""
        return self.pooled(name).rps / self.pooled(peer).rps

    def ratio_spread(self, name: str, peer: str) -> str:
        """The lowest and highest ratio of the same round."""
        ratios = [a.rps / b.rps for a, b in zip(self.runs[name], self.runs[peer], strict=True)]
        return f"{min(ratios):.2f}–{max(ratios):.2f}"


ENDPOINTS = ("ping", "healthz", "livez", "peer", "clinic")


def sweep(
    platform: str, peer: str, bodies: Path, key: str, args: argparse.Namespace
) -> list[Level]:
    """Every endpoint at each level, in turn for `rounds` rounds (load spikes hit them all)."""
    levels = []
    for concurrency in [int(x) for x in args.levels.split(",")]:
        runs: dict[str, list[Stats]] = {name: [] for name in ENDPOINTS}
        timed = {"concurrency": concurrency, "seconds": args.seconds}
        for _ in range(args.rounds):
            runs["ping"].append(drive(peer, "/ping", **timed))
            runs["healthz"].append(drive(platform, "/healthz", **timed))
            runs["livez"].append(drive(platform, "/livez", **timed))
            runs["peer"].append(drive(peer, "/check", bodies=bodies, **timed))
            runs["clinic"].append(drive(platform, ELIGIBILITY, bodies=bodies, key=key, **timed))
        level = Level(concurrency, runs)
        levels.append(level)
        print(row(level), flush=True)
    return levels


HEADER = (
    f"{'conc':>4} | {'ping rps':>13} | {'healthz rps':>13} {'p99':>5} | {'ratio':>9} | "
    f"{'livez rps':>13} | {'ratio':>9} | "
    f"{'peer rps':>13} {'p99':>5} | {'clinic rps':>13} {'p50':>5} {'p99':>5} | {'ratio':>9}"
)


def row(level: Level) -> str:
    """One printed line: pooled rates with their spread over rounds, latencies and ratios."""
    ping, health, live, peer, clinic = (level.pooled(n) for n in ENDPOINTS)

    def rate(name: str, stats: Stats) -> str:
        return f"{stats.rps:>5,.0f} {level.spread(name):>7}"

    return (
        f"{level.concurrency:>4} | {rate('ping', ping)} | {rate('healthz', health)} "
        f"{health.p99_ms:>5.1f} | {level.ratio('healthz', 'ping'):.2f} "
        f"{level.ratio_spread('healthz', 'ping'):>4} | {rate('livez', live)} | "
        f"{level.ratio('livez', 'ping'):.2f} {level.ratio_spread('livez', 'ping'):>4} | "
        f"{rate('peer', peer)} {peer.p99_ms:>5.1f} | "
        f"{rate('clinic', clinic)} {clinic.p50_ms:>5.1f} {clinic.p99_ms:>5.1f} | "
        f"{level.ratio('clinic', 'peer'):.2f} {level.ratio_spread('clinic', 'peer'):>4}"
    )


def verdict(levels: list[Level]) -> str:
    """The goals' terms: clinic >= 1.0x peer at 4 and 16 (p99 <= 20 ms at 16), /healthz or a
    trivial route through the whole stack (/livez) >= 0.8x the bare /ping."""
    parts = []
    for level in levels:
        clinic = level.pooled("clinic")
        parts.append(
            f"c={level.concurrency}: clinic/peer {level.ratio('clinic', 'peer'):.2f} "
            f"(goal >= {PEER_GOAL}), clinic p99 {clinic.p99_ms:.1f} ms, "
            f"healthz/ping {level.ratio('healthz', 'ping'):.2f}, "
            f"livez/ping {level.ratio('livez', 'ping'):.2f} (goal >= {PING_GOAL})"
        )
    return "; ".join(parts)


def _count_checks(engine: Engine) -> int:
    with engine.connect() as connection:
        sql = "SELECT count(*) FROM hi_checks WHERE client_id <> 'peer'"
        return int(connection.scalar(text(sql)) or 0)


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def bench_workers(
    url: str, workers: int, tmp: Path, engine: Engine, payloads: Path, key: str, args: Any
) -> None:
    """Start both servers with `workers` processes each, warm them, sweep, check the log."""
    ports = free_port(), free_port()
    platform = start_platform(url, ports[0], workers, tmp, tmp / f"platform-{workers}.log")
    peer = start_peer(url, ports[1], workers, tmp / f"peer-{workers}.log")
    base, peer_base = (f"http://127.0.0.1:{port}" for port in ports)
    try:
        before = _count_checks(engine)
        warm = drive(base, ELIGIBILITY, concurrency=4, seconds=3, bodies=payloads, key=key)
        drive(peer_base, "/check", concurrency=4, seconds=3, bodies=payloads)
        drive(base, "/healthz", concurrency=4, seconds=2)
        drive(base, "/livez", concurrency=4, seconds=2)
        drive(peer_base, "/ping", concurrency=4, seconds=2)
        print(f"\n{workers} worker(s) each; load average before {_load()}")
        print(HEADER)
        levels = sweep(base, peer_base, payloads, key, args)
        clinic = [warm, *(r for level in levels for r in level.runs["clinic"])]
        answered = sum(s.requests - s.non2xx for s in clinic)
        logged = _count_checks(engine) - before
    finally:
        for server in (platform, peer):
            server.terminate()
            server.wait(timeout=30)
    # Rows may exceed answers: checks in flight when a run stops are logged but never read.
    print(f"check log: {logged:,} rows for {answered:,} answered checks; load average {_load()}")
    print(f"verdict ({workers} worker(s)): {verdict(levels)}")


def with_shared_buffers(database: Any, engine: Engine, size: str) -> tuple[Any, Engine]:
    """Restart the embedded server with `shared_buffers` = `size` (a production-sized cache)."""
    if not re.fullmatch(r"\d+(kB|MB|GB)", size):
        raise SystemExit(f"--shared-buffers: a size such as 4GB, not {size!r}")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # A utility statement takes no parameters; the size was checked above.
        connection.execute(text(f"ALTER SYSTEM SET shared_buffers = '{size}'"))
    engine.dispose()
    directory = database.pgdata
    database.cleanup()  # stops the server, keeps its data
    database = get_server(str(directory), cleanup_mode="stop")
    return database, create_engine(
        make_url(database.get_uri()).set(drivername="postgresql+psycopg")
    )


def _setting(engine: Engine, name: str) -> str:
    with engine.connect() as connection:
        return str(connection.scalar(text(f"SHOW {name}")))


def main() -> None:
    """Seed, serve both apps, drive, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--levels", default="4,16", help="concurrency levels")
    parser.add_argument("--seconds", type=float, default=4, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per level")
    parser.add_argument("--expired", type=float, default=0.05, help="share of expired cards")
    cores = os.cpu_count() or 1
    parser.add_argument("--workers", default=f"1,{cores}", help="server processes, each run")
    parser.add_argument(
        "--shared-buffers",
        help="PostgreSQL's shared_buffers, one sweep each, e.g. 128MB,4GB (default: pgserver's)",
    )
    args = parser.parse_args()
    generator = "wrk" if shutil.which("wrk") else "bench/load.py (wrk is not installed)"
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}, load average {_load()}")
    print(f"load generator: {generator}")

    tmp = Path(tempfile.mkdtemp(prefix="ansinh-bench-elig-"))
    database = get_server(str(tmp / "pg"), cleanup_mode="stop")
    url = make_url(database.get_uri()).set(drivername="postgresql+psycopg")
    engine = create_engine(url)
    upgrade(engine)
    registered, key = seed(engine, args.people, args.expired)
    payloads = tmp / "bodies.ndjson"
    lines = (json.dumps(b) for b in bodies(registered, 20_000, random.Random(7)))
    payloads.write_text("\n".join(lines) + "\n")
    owner = url.render_as_string(hide_password=False)
    for size in args.shared_buffers.split(",") if args.shared_buffers else [None]:
        if size:
            database, engine = with_shared_buffers(database, engine, size)
        print(f"shared_buffers: {_setting(engine, 'shared_buffers')}")
        for workers in [int(w) for w in args.workers.split(",")]:
            bench_workers(owner, workers, tmp, engine, payloads, key, args)
    engine.dispose()
    database.cleanup()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
