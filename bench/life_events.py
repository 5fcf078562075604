"""Life events end to end: a national day (4,000 births, 2,200 deaths) and a province's year.

    .venv/bin/python bench/life_events.py --scenario day            # ≤ 30 s wanted
    .venv/bin/python bench/life_events.py --scenario year           # ≤ 120 s wanted

Setup (not timed): an embedded PostgreSQL, migrated; a synthetic province of `--people` loaded
into the registry and, the same persons, into the population-register sandbox; the civil-registry
sandbox registers the stretch's births and deaths (`sandbox/civil/year.py`: rates from its
`rates.yaml`, late, duplicated and out-of-order registrations; the national day's counts as given)
with the population register's two calls answered from its store (`StorePopulation`), not over
HTTP, so the set-up takes seconds. Timed: the notifications signed and POSTed to the platform's
inbox (`/api/v1/lifeevents/notify`, in process), `--batch` registrations to a DCI notify message
(1: one message each, as before), the entries handled `--chunk` to a transaction
as a set (`lifeevents.jobs.handle_entries`: children registered, TE cards, BirthRegistered;
deaths settled, PersonDied), waiting entries retried, then the deliveries of the recorded events
to every domain's handlers as the worker loads them, `--deliveries` per transaction as the worker
does (`event_chunk_size`, 200; 1 is the former one transaction per delivery). The linkage handler
(an HTTP call to the register per new person) is left out. Wall and CPU seconds (this process
and PostgreSQL's) are printed for each phase, and the deliveries' time by handler.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import httpx

CHUNK = 1_000
BATCH = 200
SCENARIOS = {"day": (1, (4_000, 2_200)), "year": (365, None)}


def main() -> None:
    """Set up, register the stretch, time the platform's handling, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="day")
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--chunk", type=int, default=CHUNK)
    parser.add_argument("--batch", type=int, default=BATCH, help="registrations per notify")
    parser.add_argument(
        "--deliveries",
        type=int,
        default=None,
        help="deliveries of one handler per transaction (default: the worker's event_chunk_size)",
    )
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ansinh-life-bench-"))
    os.environ["ANSINH_DATA_DIR"] = str(data_dir)
    os.environ["ANSINH_LOG_LEVEL"] = "WARNING"
    from ansinh.core import db

    url = db.start_embedded(data_dir)
    os.environ["ANSINH_DATABASE_URL"] = url
    try:
        _run(url, args.scenario, args.people, args.chunk, args.batch, args.deliveries)
    finally:
        db.get_engine().dispose()
        db.owner_engine().dispose()
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)


class StorePopulation:
    """The population register's two calls the civil registrar makes, answered from its store.

    Set-up only: registering a stretch through the register's HTTP API took ten minutes under
    load; the timed part still goes through the platform's inbox over HTTP.
    """

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def post(self, path: str, json: dict[str, Any]) -> Any:
        """Answer `POST path` as the register would (lookup, birth, death)."""
        import httpx

        from sandbox.population import store

        if path == "/v1/citizens/lookup":
            citizen = store.by_personal_id(self.connection, json["personal_id"])
            return httpx.Response(200, json=citizen) if citizen else httpx.Response(404)
        if json["kind"] == "death":
            store.update_citizen(self.connection, json["record_id"], {"alive": False})
            return httpx.Response(200)
        if store.by_personal_id(self.connection, json["personal_id"]) is not None:
            return httpx.Response(409)
        row = (f"B{json['personal_id']}", json["personal_id"], json["full_name"])
        born = (json["date_of_birth"], json["sex"], json["province"], None)
        store.insert_citizen(self.connection, row + born)
        return httpx.Response(201)


def _cpu() -> float:
    """CPU seconds of this process and its own PostgreSQL (ended backends: the postmaster.s)."""
    import psutil

    used = time.process_time()
    data_dir = os.environ["ANSINH_DATA_DIR"]
    for proc in psutil.process_iter(["name", "cmdline"]):
        if (proc.info["name"] or "").startswith("postgres") and data_dir in " ".join(
            proc.info["cmdline"] or []
        ):
            for one in (proc, *proc.children()):
                times = one.cpu_times()
                used += times.user + times.system + times.children_user + times.children_system
    return used


def _run(
    url: str, scenario: str, people: int, chunk: int, batch: int, deliveries: int | None
) -> None:
    from fastapi.testclient import TestClient
    from sqlalchemy import select, text

    from ansinh.app import create_app
    from ansinh.core import db
    from ansinh.core.config import get_settings
    from ansinh.core.events import service as events
    from ansinh.core.events.handlers import handlers_of
    from ansinh.core.events.models import OutboxEvent
    from ansinh.core.migrate import upgrade
    from ansinh.health.jobs import prepare_demo
    from ansinh.lifeevents import jobs, service
    from ansinh.registry.jobs import load_dataset
    from ansinh.synth import generate, write
    from ansinh.worker import load_handlers
    from sandbox.civil import notify, year
    from sandbox.civil import store as civil_store
    from sandbox.civil.app import create_app as civil_app
    from sandbox.database import conninfo
    from sandbox.population import store as population_store
    from sandbox.population.app import create_app as population_app
    from sandbox.population.seed import add_client

    logging.getLogger("httpx").setLevel(logging.WARNING)
    days, counts = SCENARIOS[scenario]
    started = time.perf_counter()
    upgrade(db.owner_engine())
    load_handlers()
    dataset = generate(people=people, seed=7, province="79")
    with tempfile.TemporaryDirectory() as tmp, db.owner_engine().begin() as connection:
        write(dataset, Path(tmp))
        load_dataset(connection=connection, directory=Path(tmp))
        prepare_demo(connection=connection, provinces=["79"])
    citizens = [
        {
            "record_id": p["si_number"],
            "personal_id": p["personal_id"],
            "full_name": p["full_name"],
            "date_of_birth": p["date_of_birth"].isoformat(),
            "sex": p["sex"],
            "province": p["province_code"],
            "address": None,
        }
        for p in dataset.persons.to_pylist()
        if p["personal_id"]
    ]
    population = population_store.Register(conninfo(url))
    population.create()
    with population.connect() as citizens_connection:
        population_store.copy_citizens(
            citizens_connection, (tuple(c[k] for k in population_store.COLUMNS) for c in citizens)
        )
        key = add_client(citizens_connection, "civil-registry", ["lookup", "events"])
    civil = civil_store.Registry(conninfo(url))
    start = date.today() - timedelta(days=days + 40)
    with (
        TestClient(create_app()) as platform,
        TestClient(population_app(population), headers={"X-API-Key": key}) as npd,
        TestClient(
            civil_app(civil, population=npd, notifier=platform, clients={}, deliver_every=None)
        ) as civ,
    ):
        subscription = civil_store.add_subscription(
            civil.connect(),
            subscriber="vss",
            callback_url="http://testserver/api/v1/lifeevents/notify",
        )
        with db.unit_of_work() as db_session:
            service.add_subscription(
                db_session=db_session,
                subscription_id=subscription,
                source="civil-registry",
                jwks=civ.get("/.well-known/jwks.json").json(),
            )
        with (
            civil.connect() as civil_connection,
            population.connect() as register,
            civil_connection.transaction(),
            register.transaction(),
        ):
            # The register's answers straight from its store, in place of its HTTP client.
            store = cast("httpx.Client", StorePopulation(register))
            summary = year.run(
                civil_connection, store, citizens, start=start, days=days, counts=counts
            )
        setup = time.perf_counter() - started
        print(f"setup {setup:.1f} s: {people} people; registered {summary}")

        timed, cpu = time.perf_counter(), _cpu()
        far = start + timedelta(days=days + 400)
        delivered = 0
        while True:
            sent, _ = notify.deliver_due(civil, platform, limit=10_000, batch=batch)
            later, _ = notify.deliver_due(
                civil,
                platform,
                now=datetime.combine(far, datetime.min.time(), tzinfo=UTC),
                limit=10_000,
                batch=batch,
            )
            delivered += sent + later
            if not sent and not later:
                break
        received, received_cpu = time.perf_counter() - timed, _cpu() - cpu
        for state in ("pending", "waiting"):
            with db.unit_of_work() as db_session:
                ids = db_session.scalars(
                    text(
                        "SELECT inbox_id FROM lifeevents_inbox WHERE state = :s ORDER BY inbox_id"
                    ),
                    {"s": state},
                ).all()
            for first in range(0, len(ids), chunk):
                jobs.handle_entries(list(ids[first : first + chunk]))
        handled, handled_cpu = time.perf_counter() - timed, _cpu() - cpu
        with db.unit_of_work() as db_session:
            outbox = db_session.execute(
                select(OutboxEvent.event_id, OutboxEvent.name).order_by(OutboxEvent.position)
            ).all()
        by_handler: dict[str, list[uuid.UUID]] = {}
        for event_id, name in outbox:
            for handler in handlers_of(name):
                if not handler.startswith("ansinh.linkage"):
                    by_handler.setdefault(handler, []).append(event_id)
        ran, size = 0, deliveries or get_settings().event_chunk_size
        per_handler: dict[str, str] = {}
        for handler, ids in by_handler.items():
            started = time.perf_counter()
            for first in range(0, len(ids), size):
                with db.unit_of_work() as db_session:
                    ran += events.handle_many(
                        db_session=db_session, event_ids=ids[first : first + size], handler=handler
                    )
            per_handler[handler.rsplit(".", 2)[-2] + "." + handler.rsplit(".", 1)[-1]] = (
                f"{len(ids)} in {time.perf_counter() - started:.1f} s"
            )
        total, total_cpu = time.perf_counter() - timed, _cpu() - cpu
    with db.get_engine().connect() as connection:
        states: dict[str, int] = dict(
            connection.execute(
                text("SELECT state, count(*) FROM lifeevents_inbox GROUP BY state")
            ).all()
        )
        ended = connection.execute(
            text("SELECT count(*) FROM hi_cards WHERE status_reason = 'death'")
        ).scalar_one()
    print(
        f"{scenario}: {delivered} notifications received in {received:.1f} s "
        f"(CPU {received_cpu:.1f} s), handled by {handled:.1f} s (CPU {handled_cpu:.1f} s), "
        f"{ran} event deliveries by {total:.1f} s (CPU {total_cpu:.1f} s); inbox {states}; "
        f"cards ended by death {ended}; load {os.getloadavg()}"
    )
    print(f"deliveries by handler: {per_handler}")


if __name__ == "__main__":
    main()
