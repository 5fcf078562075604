"""Unemployment insurance end to end: a national day of claims through an employment centre.

    .venv/bin/python bench/unemployment.py            # 3,000 claims; ≤ 30 s wanted

Setup (not timed): an embedded PostgreSQL, migrated; a synthetic province of `--people` with HI
cards and two years of contributions to 2026-10; `--claims` of its employed people laid off on
2026-10-15 (their employments ended through the registry) and their claims filed on 2026-11-04
(`unemployment.demo.seed_claims`, as the demo does).
Timed, all over HTTP in process: the claims forwarded to the centre sandbox; the centre asks the
platform for the claimants' UI contribution records, 500 to a request
(`/api/v1/unemployment/records/batch`: each signed, audited, counted) and issues its decision;
the decisions delivered, signed, 100 to a message, to the
platform's inbox (`/api/v1/unemployment/notify`) and applied as the worker runs the jobs the
inbox queued, one transaction per message (our amount from the rules engine, the entitlement,
the payment schedule, the TN card).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

THROUGH = date(2026, 10, 1)
FILED = date(2026, 11, 4)  # laid off on 15 October


def main() -> None:
    """Set up, run the day, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--claims", type=int, default=3_000)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ansinh-ui-bench-"))
    os.environ["ANSINH_DATA_DIR"] = str(data_dir)
    os.environ["ANSINH_LOG_LEVEL"] = "WARNING"
    from ansinh.core import db

    url = db.start_embedded(data_dir)
    os.environ["ANSINH_DATABASE_URL"] = url
    try:
        _run(url, args.people, args.claims)
    finally:
        db.get_engine().dispose()
        db.owner_engine().dispose()
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)


def _run(url: str, people: int, claims: int) -> None:
    from fastapi.testclient import TestClient
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from ansinh.app import create_app
    from ansinh.contributions.jobs import seed_history
    from ansinh.core import db
    from ansinh.core.migrate import upgrade
    from ansinh.core.security import service as clients
    from ansinh.health.jobs import prepare_demo
    from ansinh.registry.jobs import load_dataset
    from ansinh.synth import generate, write
    from ansinh.unemployment import jobs, service
    from ansinh.unemployment.centre_client import CentreClient
    from ansinh.unemployment.demo import seed_claims
    from ansinh.unemployment.inbox import HANDLE
    from sandbox.database import conninfo
    from sandbox.employment import centre, notify
    from sandbox.employment import store as centre_store
    from sandbox.employment.app import CALLBACK_PATH
    from sandbox.employment.app import create_app as centre_app
    from sandbox.factory import key_hash

    logging.getLogger("httpx").setLevel(logging.WARNING)
    started = time.perf_counter()
    upgrade(db.owner_engine())
    dataset = generate(people=people, seed=7, province="79")
    with tempfile.TemporaryDirectory() as tmp, db.owner_engine().begin() as connection:
        write(dataset, Path(tmp))
        load_dataset(connection=connection, directory=Path(tmp))
        prepare_demo(connection=connection, provinces=["79"])
        seed_history(db_session=Session(bind=connection), through=THROUGH)
    with db.unit_of_work() as db_session:
        filed = seed_claims(db_session=db_session, province_code="79", count=claims, filed_on=FILED)
    with db.unit_of_work() as db_session:
        _, key = clients.create(
            db_session=db_session,
            client_id="centre",
            name="Centre",
            scopes=["unemployment:records"],
        )
    held = centre_store.Centre(conninfo(url))
    centre_key = "bench-centre-key"
    with TestClient(create_app(), headers={"Authorization": f"Bearer {key}"}) as platform:
        app = centre_app(
            held,
            platform=platform,
            notifier=platform,
            callback_url=f"http://testserver{CALLBACK_PATH}",
            clients={key_hash(centre_key): "vss"},
            deliver_every=None,
        )
        with TestClient(app, headers={"X-API-Key": centre_key}) as http:
            with db.unit_of_work() as db_session:
                service.add_centre(
                    db_session=db_session,
                    centre_id=notify.SENDER,
                    jwks=http.get("/.well-known/jwks.json").json(),
                )
            print(f"setup {time.perf_counter() - started:.1f} s: {people} people, {filed} claims")
            timed = time.perf_counter()
            forwarded = 0
            while sent := jobs.send_pending(CentreClient(http)):
                forwarded += sent
            at_forwarded = time.perf_counter() - timed
            assessed = centre.assess_received(held, platform, limit=claims)
            at_assessed = time.perf_counter() - timed
            delivered, failed = notify.deliver_due(
                held,
                platform,
                f"http://testserver{CALLBACK_PATH}",
                limit=claims * 2,
                batch=notify.BATCH,
            )
            at_delivered = time.perf_counter() - timed
            with db.unit_of_work() as db_session:
                queued = db_session.scalars(
                    text(
                        "SELECT args FROM procrastinate_jobs WHERE task_name = :task "
                        "AND status = 'todo' ORDER BY id"
                    ),
                    {"task": HANDLE},
                ).all()
            for args in queued:  # as the worker runs them: one transaction per job
                jobs.handle_entries(**args)
            total = time.perf_counter() - timed
    with db.get_engine().connect() as connection:
        states: dict[str, int] = dict(
            connection.execute(text("SELECT state, count(*) FROM ui_inbox GROUP BY 1")).all()
        )
        kinds: dict[str, int] = dict(
            connection.execute(
                text("SELECT status, count(*) FROM ui_entitlements GROUP BY 1")
            ).all()
        )
        schedules = connection.execute(
            text("SELECT count(*) FROM payment_schedules WHERE purpose = 'BENE'")
        ).scalar_one()
    print(
        f"day: {forwarded} claims forwarded by {at_forwarded:.1f} s; {assessed} records served and "
        f"decided by {at_assessed:.1f} s; {delivered} decisions delivered ({failed} failed) by "
        f"{at_delivered:.1f} s; applied by {total:.1f} s; inbox {states}; entitlements {kinds}; "
        f"schedules {schedules}"
    )


if __name__ == "__main__":
    main()
