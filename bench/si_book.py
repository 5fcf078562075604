"""Benchmark: render time of /me/si-book for a person born in 1970 with a whole career.

Seeds a synthetic province (default 20,000 people, TP Hồ Chí Minh) into a throw-away embedded
PostgreSQL, closes two years of contributions with the demo's payments, carries the careers over,
picks the person born in 1970 with the most book months, opens a citizen portal session for them
and requests the page through the app (FastAPI TestClient, in process: the figure is the app's
own time, without a network) `--requests` times after a few warm-up requests. Also times the book
read model of the same person (`book_document`, unaudited) for comparison. Prints the median and
p90 in milliseconds.

`--forty-years` gives that person a career from 40 years back (state service before 1995, counted
as paid), carried over with the rest. `--registry N --book-copies K` then measures again at
national scale: the registry padded with synthetic persons to N, the carried-over history copied
K times onto them (the platform's billed months are not copied, so the province's employers keep
their bills), and the page of the same person requested again.
Run: `.venv/bin/python bench/si_book.py [--people 20000] [--requests 100]
[--forty-years] [--registry 10000000 --book-copies 20]`.
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
from typing import Any

from pgserver.postgres_server import get_server
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import Session

GOAL_MS = 50.0
SCALE_GOAL_MS = 100.0  # issue 17: the 40-year book at 10M persons
WARM_UP = 5
# Padding persons: SI numbers and personal IDs under prefixes no province uses (codes go to 96).
PAD_SI, PAD_ID = "98", "098"
_PAD_PERSONS = f"""
INSERT INTO persons (si_number, personal_id, full_name, date_of_birth, sex, province_code)
SELECT '{PAD_SI}' || lpad(n::text, 8, '0'), '{PAD_ID}' || lpad(n::text, 9, '0'), 'Người đệm ' || n,
       DATE '1950-01-01' + (n % 20000)::int, CASE WHEN n % 2 = 0 THEN 'M' ELSE 'F' END,
       lpad((1 + n % 96)::text, 2, '0')
FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) n
"""
_PAD_BOOK = f"""
INSERT INTO contribution_book (si_number, scheme, unit_code, month, salary, base, {{amounts}},
                               carried_over, recorded_from)
SELECT '{PAD_SI}' || lpad((:copy * p.persons + p.n)::text, 8, '0'), b.scheme, b.unit_code, b.month,
       b.salary, b.base, {{b_amounts}}, true, b.recorded_from
FROM contribution_book b JOIN pad_map p USING (si_number)
WHERE b.carried_over AND b.recorded_to IS NULL
"""


def main() -> None:
    """Seed, log in, request the page and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--forty-years", action="store_true", help="a career from 40 years back")
    parser.add_argument("--registry", type=int, default=0, help="pad the registry to N persons")
    parser.add_argument("--book-copies", type=int, default=0, help="copies of the history")
    args = parser.parse_args()
    if args.book_copies and (args.book_copies + 1) * args.people > args.registry:
        parser.error("--book-copies needs --registry of at least (copies + 1) x --people")
    for noisy in ("httpx", "ansinh.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="ansinh-bench-si-book-") as tmp:
        database = get_server(str(Path(tmp) / "pg"), cleanup_mode="stop")
        url = make_url(database.get_uri()).set(drivername="postgresql+psycopg")
        os.environ["ANSINH_DATABASE_URL"] = url.render_as_string(hide_password=False)
        os.environ["ANSINH_DATA_DIR"] = str(Path(tmp) / "data")
        run(args, Path(tmp))


def run(args: argparse.Namespace, tmp: Path) -> None:
    """The benchmark proper, once the environment points at the throw-away database."""
    from fastapi.testclient import TestClient

    from ansinh.app import create_app
    from ansinh.contributions.book.carry import carry_over
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
    write(generate(people=args.people, seed=1, province="79"), tmp / "synth")
    with Session(engine) as db_session, db_session.begin():
        load_dataset(connection=db_session.connection(), directory=tmp / "synth")
        seed_history(db_session=db_session, through=add_months(month_start(clock.today()), -1))
        long_career = _forty_years(db_session) if args.forty_years else None
        carrying = time.perf_counter()
        carried = carry_over(db_session=db_session)
    done = time.perf_counter()
    print(
        f"seeded {args.people:,} people in {carrying - started:.1f} s; "
        f"carried {carried:,} months over in {done - carrying:.1f} s"
    )
    with Session(engine) as db_session, db_session.begin():
        si = long_career or _longest_born_1970(db_session)
        token = sessions.start(
            db_session=db_session, kind="citizen", display_name="bench", level=1, si_number=si
        )
    with TestClient(create_app(), base_url="https://testserver") as browser:
        browser.cookies.set(sessions.COOKIE, token)
        p90 = _measure(engine, browser, si, args.requests)
        goal = GOAL_MS
        if args.registry:
            _pad(engine, args.people, args.registry, args.book_copies)
            p90 = _measure(engine, browser, si, args.requests)
            goal = SCALE_GOAL_MS
    print(f"goal p90 <= {goal:.0f} ms: {'meets' if p90 <= goal else 'misses'}")


def _forty_years(db_session: Session) -> str:
    """Give a worker born 1966-68 in work since 1995 state service from 40 years back; their SI."""
    from ansinh.core import clock
    from ansinh.rules.history import add_months, month_start

    si, unit, salary, first = db_session.execute(
        text(
            "SELECT c.si_number, c.unit_code, c.salary, c.first_month FROM careers c "
            "JOIN persons p USING (si_number) "
            "WHERE p.date_of_birth BETWEEN DATE '1966-01-01' AND DATE '1968-12-31' "
            "AND c.scheme = 'compulsory' "
            "AND c.first_month = (SELECT min(first_month) FROM careers) "
            "AND EXISTS (SELECT 1 FROM employments e "
            "            WHERE e.si_number = c.si_number AND e.end_date IS NULL) "
            "ORDER BY (SELECT sum(c2.last_month - c2.first_month) FROM careers c2 "
            "          WHERE c2.si_number = c.si_number) DESC, c.si_number LIMIT 1"
        )
    ).one()
    db_session.execute(
        text(
            "INSERT INTO careers (si_number, first_month, last_month, scheme, unit_code, salary) "
            "VALUES (:si, :first, :last, 'compulsory', :unit, :salary)"
        ),
        {
            "si": si,
            "first": add_months(month_start(clock.today()), -480),
            "last": add_months(first, -1),
            "unit": unit,
            "salary": salary,
        },
    )
    return str(si)


def _longest_born_1970(db_session: Session) -> str:
    """The person born in 1970 with the most book months."""
    return str(
        db_session.execute(
            text(
                "SELECT b.si_number FROM contribution_book b "
                "JOIN persons p USING (si_number) WHERE b.recorded_to IS NULL "
                "AND p.date_of_birth BETWEEN :a AND :b GROUP BY b.si_number "
                "ORDER BY count(*) DESC, b.si_number LIMIT 1"
            ),
            {"a": date(1970, 1, 1), "b": date(1970, 12, 31)},
        ).scalar_one()
    )


def _measure(engine: Engine, browser: Any, si: str, requests: int) -> float:
    """Time the read model and the page for `si` at the database's present size; the page's p90."""

    from ansinh.contributions.book.passbook import book_document
    from ansinh.core import clock

    with engine.connect() as connection:
        persons, rows, months, first, last = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM persons), (SELECT count(*) FROM contribution_book), "
                "count(*), min(month), max(month) FROM contribution_book "
                "WHERE si_number = :si AND recorded_to IS NULL"
            ),
            {"si": si},
        ).one()
    print(
        f"database: {persons:,} persons, {rows:,} book rows; the person: {months} book months "
        f"from {first:%m/%Y} to {last:%m/%Y}"
    )
    with Session(engine) as db_session:
        api = _times(
            lambda: book_document(db_session=db_session, si_number=si, at=clock.now()), requests
        )

    def page() -> None:
        response = browser.get("/me/si-book")
        assert response.status_code == 200, response.status_code

    html = _times(page, requests)
    for name, figures in (("book_document (read model)", api), ("GET /me/si-book", html)):
        print(
            f"{name}: median {statistics.median(figures):.1f} ms, "
            f"p90 {_p90(figures):.1f} ms over {len(figures)} requests"
        )
    return _p90(html)


def _pad(engine: Engine, people: int, registry: int, copies: int) -> None:
    """Pad the registry to `registry` persons and copy the carried-over history `copies` times."""
    from ansinh.contributions.charges import AMOUNTS

    started = time.perf_counter()
    with engine.begin() as connection:
        present = connection.execute(text("SELECT count(*) FROM persons")).scalar_one()
        for first in range(0, registry - present, 1_000_000):
            last = min(first + 1_000_000, registry - present) - 1
            connection.execute(text(_PAD_PERSONS), {"first": first, "last": last})
        connection.execute(text("ANALYZE persons"))
    padded = time.perf_counter()
    print(f"registry padded to {registry:,} persons in {padded - started:.0f} s")
    if not copies:
        return
    statement = text(
        _PAD_BOOK.format(amounts=", ".join(AMOUNTS), b_amounts=", ".join(f"b.{a}" for a in AMOUNTS))
    )
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE pad_map AS SELECT si_number, "
                "(row_number() OVER (ORDER BY si_number) - 1)::int AS n, :people AS persons "
                "FROM persons WHERE si_number NOT LIKE :padding"
            ),
            {"people": people, "padding": f"{PAD_SI}%"},
        )
    copied = 0
    for copy in range(copies):
        with engine.begin() as connection:
            copied += connection.execute(statement, {"copy": copy}).rowcount
        print(
            f"  history copy {copy + 1}/{copies}: {copied:,} rows, "
            f"{time.perf_counter() - padded:.0f} s"
        )
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE pad_map"))
        connection.execute(text("ANALYZE contribution_book"))
    print(f"book padded with {copied:,} carried-over rows in {time.perf_counter() - padded:.0f} s")


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
