"""Benchmark: generate and write N synthetic people (goal: 1,000,000 in under 60 s).

Optionally also loads the data set into a throw-away embedded PostgreSQL with COPY (--seed-db).
Prints its figures; run with `make bench` or `.venv/bin/python bench/synth.py --people 1000000`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pgserver.postgres_server import get_server
from sqlalchemy import create_engine, make_url

from ansinh.core.migrate import upgrade
from ansinh.registry.jobs import load_dataset
from ansinh.synth import generate, write


def main() -> None:
    """Run the benchmark and print wall times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--seed-db", action="store_true", help="also COPY into PostgreSQL")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ansinh-bench-") as tmp:
        out = Path(tmp) / "data"
        started = time.perf_counter()
        dataset = generate(people=args.people, seed=args.seed, province=None)
        generated = time.perf_counter()
        write(dataset, out, fmt=args.format)
        written = time.perf_counter()
        print(
            f"synth: {args.people:,} people, generate {generated - started:.1f} s, "
            f"write {args.format} {written - generated:.1f} s, "
            f"total {written - started:.1f} s"
        )
        if args.seed_db:
            server = get_server(str(Path(tmp) / "pg"), cleanup_mode="stop")
            url = make_url(server.get_uri()).set(drivername="postgresql+psycopg")
            engine = create_engine(url)
            upgrade(engine)
            started = time.perf_counter()
            with engine.begin() as connection:
                loaded = load_dataset(connection=connection, directory=out)
            rows = sum(loaded.values())
            elapsed = time.perf_counter() - started
            print(
                f"seed: {rows:,} rows by COPY in {elapsed:.1f} s "
                f"({rows / elapsed:,.0f} rows/s): {loaded}"
            )
            engine.dispose()
            server.cleanup()


if __name__ == "__main__":
    main()
