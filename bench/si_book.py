"""Benchmark: render time of /me/si-book for a person born in 1970 with a whole career.

Seeds a synthetic province (default 20,000 people, TP Hồ Chí Minh) into a throw-away embedded
PostgreSQL, closes two years of contributions with the demo's payments, carries the careers over,
picks the person born in 1970 with the most book months, opens a citizen portal session for them
and requests the page through the app (FastAPI TestClient, in process: the figure is the app's
own time, without a network) `--requests` times after a few warm-up requests. Also times the book
read model of the same person (`book_document`, unaudited) for comparison. Prints the median and
p90 in milliseconds.
Run: `.venv/bin/python bench/si_book.py [--people 20000] [--requests 100]`.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from pgserver.postgres_server import get_server
from sqlalchemy import make_url, text

GOAL_MS = 50.0
WARM_UP = 5


def main() -> None:
    """Seed, log in, request the page and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    for noisy in ("httpx", "ansinh.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="ansinh-bench-si-book-") as tmp:
        database = get_server(str(Path(tmp) / "pg"), cleanup_mode="stop")
        url = make_url(database.get_uri()).set(drivername="postgresql+psycopg")
        os.environ["ANSINH_DATABASE_URL"] = url.render_as_string(hide_password=False)
        os.environ["ANSINH_DATA_DIR"] = str(Path(tmp) / "data")
        run(args.people, args.requests, Path(tmp))


def run(people: int, requests: int, tmp: Path) -> None:
    """The benchmark proper, once the environment points at the throw-away database."""
    from fastapi.testclient import TestClient
    from sqlalchemy.orm import Session

    from ansinh.app import create_app
    from ansinh.contributions.book.carry import carry_over
    from ansinh.contributions.book.passbook import book_document
    from ansinh.contributions.jobs import seed_history
    from ansinh.core import clock
    from ansinh.core.db import owner_engine
    from ansinh.core.migrate import upgrade
    from ansinh.portal import sessions
    from ansinh.registry.jobs import load_dataset
    from ansinh.rules.history import add_months, month_start
    from ansinh.synth import generate, write

    engine = owner_engine()  # seeding as the owner; the app serves as its own role
    upgrade(engine)
    started = time.perf_counter()
    write(generate(people=people, seed=1, province="79"), tmp / "synth")
    with Session(engine) as db_session, db_session.begin():
        load_dataset(connection=db_session.connection(), directory=tmp / "synth")
        seed_history(db_session=db_session, through=add_months(month_start(clock.today()), -1))
        carrying = time.perf_counter()
        carried = carry_over(db_session=db_session)
    done = time.perf_counter()
    print(
        f"seeded {people:,} people in {carrying - started:.1f} s; "
        f"carried {carried:,} months over in {done - carrying:.1f} s"
    )
    with Session(engine) as db_session, db_session.begin():
        si, months = db_session.execute(
            text(
                "SELECT b.si_number, count(*) FROM contribution_book b "
                "JOIN persons p USING (si_number) WHERE b.recorded_to IS NULL "
                "AND p.date_of_birth BETWEEN :a AND :b GROUP BY b.si_number "
                "ORDER BY count(*) DESC, b.si_number LIMIT 1"
            ),
            {"a": date(1970, 1, 1), "b": date(1970, 12, 31)},
        ).one()
        token = sessions.start(
            db_session=db_session, kind="citizen", display_name="bench", level=1, si_number=si
        )
    with Session(engine) as db_session:
        api = _times(
            lambda: book_document(db_session=db_session, si_number=si, at=clock.now()), requests
        )
    with TestClient(create_app(), base_url="https://testserver") as browser:
        browser.cookies.set(sessions.COOKIE, token)

        def page() -> None:
            response = browser.get("/me/si-book")
            assert response.status_code == 200, response.status_code

        html = _times(page, requests)
    print(f"person born 1970 with {months} book months")
    for name, figures in (("book_document (read model)", api), ("GET /me/si-book", html)):
        print(
            f"{name}: median {statistics.median(figures):.1f} ms, "
            f"p90 {_p90(figures):.1f} ms over {len(figures)} requests"
        )
    verdict = "meets" if _p90(html) <= GOAL_MS else "misses"
    print(f"goal p90 <= {GOAL_MS:.0f} ms: {verdict}")


def _times(call: object, count: int) -> list[float]:
    assert callable(call)
    for _ in range(WARM_UP):
        call()
    figures = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        figures.append((time.perf_counter() - started) * 1000)
    return figures


def _p90(figures: list[float]) -> float:
    return statistics.quantiles(figures, n=10)[-1]


if __name__ == "__main__":
    main()
