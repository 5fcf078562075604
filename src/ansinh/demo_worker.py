"""The demo's background: the register and bank sandboxes, a worker thread, a first reconciliation.

The register runs in the embedded PostgreSQL (its own database) on port + 2, the bank on
port + 3, the civil registry on port + 4, the employment centre on port + 5 and the national
public-service portal on port + 6, each seeded once from the same synthetic province as the
registry; the platform reaches them only over HTTP, with keys it gets at start-up. The worker
follows the register's change feed every DEMO_FEED_CRON, so a name corrected in the register
reaches the registry within a minute with nobody running a command.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import secrets
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import SecretStr
from sqlalchemy import select, update

from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.core.db import start_embedded, unit_of_work
from ansinh.core.jobs.queue import enqueue
from ansinh.core.jobs.worker import run_worker
from ansinh.core.security import service as clients
from ansinh.core.security.models import ApiClient
from ansinh.geo import current_provinces
from ansinh.health.models import Facility
from ansinh.lifeevents import service as lifeevents
from ansinh.linkage.models import LinkageRun
from ansinh.registry.models import Person
from ansinh.synth import generate
from ansinh.unemployment import service as unemployment
from ansinh.worker import RECONCILE, build_app
from sandbox.bank import seed as bank_seed
from sandbox.bank import store as bank_store
from sandbox.bank.app import create_app as create_bank_app
from sandbox.civil import signing, year
from sandbox.civil import store as civil_store
from sandbox.civil.app import create_app as civil_app
from sandbox.database import conninfo
from sandbox.eid.serve import serve_in_thread
from sandbox.employment import notify as centre_notify
from sandbox.employment import store as centre_store
from sandbox.employment.app import create_app as centre_app
from sandbox.employment.app import platform_client
from sandbox.factory import key_hash
from sandbox.nationalportal import store as nationalportal_store
from sandbox.nationalportal.app import agency_client
from sandbox.nationalportal.app import create_app as nationalportal_app
from sandbox.population import seed, store
from sandbox.population.app import create_app

CIVIL_TIMEOUT = 10.0
DAYS_IN_YEAR = year.DAYS_IN_YEAR
CIVIL_YEAR_ENDS_DAYS_AGO = 7
CENTRE_CLIENT = "employment-centre-"
CENTRE_ASSESS_EVERY = 5.0  # seconds between the demo centre's rounds of decisions
CLINIC_VISIT_EVERY = 2.0  # seconds between the demo clinic's patients
CLINIC_PATIENTS = 2_000  # the persons the demo clinic draws its patients from
log = logging.getLogger(__name__)
_STOP_YEAR = threading.Event()
_YEAR_THREADS: list[threading.Thread] = []
DEMO_FEED_CRON = "* * * * * */30"  # every 30 seconds (procrastinate's sixth field: seconds)
WORKER_STOP_SECONDS = 10.0  # a job in progress gets this long to finish when the demo stops


def start_population_register() -> str:
    """Serve the register sandbox (seeded once) and point the platform's settings at it."""
    settings = get_settings()
    if settings.population_register_url is not None:
        return settings.population_register_url  # a configured register: use it as it is
    register = store.Register(
        conninfo(start_embedded(settings.data_dir, database="population_register"))
    )
    register.create()
    with register.connect() as connection:
        if connection.execute("SELECT 1 FROM citizens LIMIT 1").fetchone() is None:
            seed.seed(connection, _citizens())
        key = seed.add_client(connection, "vss")
    url = f"http://{settings.host}:{settings.port + 2}"
    address = urlsplit(url)
    serve_in_thread(create_app(register), host=address.hostname or "", port=address.port or 80)
    settings.population_register_url = url
    settings.population_register_key = SecretStr(key)
    return url


def start_bank() -> str:
    """Serve the sandbox bank (seeded once from the demo's people) on port + 3 for the platform."""
    settings = get_settings()
    if settings.bank_url is not None:
        return settings.bank_url  # a configured bank: use it as it is
    bank = bank_store.Bank(conninfo(start_embedded(settings.data_dir, database="sandbox_bank")))
    bank.create()
    with bank.connect() as connection:
        if not bank_seed.is_seeded(connection):
            persons = generate(
                people=settings.demo_people,
                seed=settings.demo_seed,
                province=settings.demo_province,
            ).persons
            bank_seed.seed(connection, persons, seed=settings.demo_seed)
        key = bank_seed.add_client(connection, "vss")
    url = f"http://{settings.host}:{settings.port + 3}"
    serve_in_thread(create_bank_app(bank), host=settings.host, port=settings.port + 3)
    settings.bank_url = url
    settings.bank_api_key = SecretStr(key)
    return url


def start_national_portal() -> str:
    """Serve the national public-service portal sandbox on port + 6, linked both ways by keys."""
    settings = get_settings()
    if settings.national_portal_url is not None:
        return settings.national_portal_url  # a configured portal: use it as it is
    portal = _national_portal_store()
    with unit_of_work() as db_session:
        filing_key = clients.create_or_rekey(
            db_session=db_session,
            client_id="national-portal",
            name="National Public Service Portal (sandbox)",
            scopes=["nationalportal:file"],
        )
    report_key = secrets.token_urlsafe(24)
    agency = agency_client(f"http://{settings.host}:{settings.port}", filing_key)
    app = nationalportal_app(portal, agency=agency, clients={key_hash(report_key): "vss"})
    serve_in_thread(app, host=settings.host, port=settings.port + 6)
    settings.national_portal_url = f"http://{settings.host}:{settings.port + 6}"
    settings.national_portal_key = SecretStr(report_key)
    return settings.national_portal_url


def _national_portal_store() -> nationalportal_store.Portal:
    """The portal sandbox's records, in its own embedded database."""
    return nationalportal_store.Portal(
        conninfo(start_embedded(get_settings().data_dir, database="sandbox_nationalportal"))
    )


def file_at_national_portal(service_code: str, si_number: str, answers: dict[str, str]) -> str:
    """File a demo dossier straight into the portal sandbox's records (the platform is not
    serving yet to take it over HTTP); its national dossier number."""
    with _national_portal_store().connect() as connection:
        return nationalportal_store.new_dossier(
            connection, service_code=service_code, si_number=si_number, answers=answers
        )


def start_civil_registry(population_url: str) -> str:
    """Serve the civil-registry sandbox on port + 4, subscribe the platform, and on the first
    start register a synthetic year of the demo province's births and deaths in the background."""
    settings = get_settings()
    population_db = conninfo(start_embedded(settings.data_dir, database="population_register"))
    registry = civil_store.Registry(population_db)
    registry.create()
    assert settings.population_register_key is not None
    population = httpx.Client(
        base_url=population_url,
        headers={"X-API-Key": settings.population_register_key.get_secret_value()},
        timeout=CIVIL_TIMEOUT,
    )
    url = f"http://{settings.host}:{settings.port + 4}"
    address = urlsplit(url)
    clients = {key_hash(secrets.token_urlsafe(24)): "vss"}
    app = civil_app(registry, population=population, clients=clients)
    serve_in_thread(app, host=address.hostname or "", port=address.port or 80)
    with registry.connect() as connection:
        if connection.execute("SELECT 1 FROM subscriptions LIMIT 1").fetchone() is not None:
            return url
        callback = f"http://{settings.host}:{settings.port}/api/v1/lifeevents/notify"
        subscription = civil_store.add_subscription(
            connection, subscriber="vss", callback_url=callback
        )
        jwks = signing.jwks(signing.signing_key(connection))
    with unit_of_work() as db_session:
        lifeevents.add_subscription(
            db_session=db_session,
            subscription_id=subscription,
            source="civil-registry",
            jwks=jwks,
        )
    store_register = store.Register(population_db)
    year_thread = threading.Thread(
        target=_synthetic_year,
        args=(registry, store_register, population, settings.demo_province),
        name="civil-year",
        daemon=True,
    )
    _YEAR_THREADS.append(year_thread)
    year_thread.start()
    return url


def stop_synthetic_year() -> None:
    """End the synthetic year where it is, before the registers it calls stop."""
    _STOP_YEAR.set()
    for thread in _YEAR_THREADS:
        thread.join(timeout=CIVIL_TIMEOUT)


def start_clinic_visits() -> str:
    """A clinic of the demo province checks its patients' HI cards over the API, day in, day out.

    Its client (`<facility>_BV`, scope `hi:eligibility`) gets a fresh key at every start; the
    patients are drawn from the province's registered persons, and their IDs stay in memory.
    """
    settings = get_settings()
    with unit_of_work() as db_session:
        facility = db_session.scalar(
            select(Facility.code)
            .where(Facility.province_code == settings.demo_province, Facility.primary_care)
            .order_by(Facility.code)
            .limit(1)
        )
        patients = [
            str(p)
            for p in db_session.scalars(
                select(Person.personal_id)
                .where(Person.personal_id.is_not(None))
                .order_by(Person.si_number)
                .limit(CLINIC_PATIENTS)
            )
        ]
        key = clients.create_or_rekey(
            db_session=db_session,
            client_id=f"{facility}_BV",
            name="Trạm y tế (demo)",
            scopes=["hi:eligibility"],
        )
    url = f"http://{settings.host}:{settings.port}/api/v1/hi/eligibility"
    threading.Thread(
        target=_visit, args=(url, key, str(facility), patients), name="clinic", daemon=True
    ).start()
    return str(facility)


def _visit(url: str, key: str, facility: str, patients: list[str]) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(timeout=10) as http:
        while True:
            time.sleep(CLINIC_VISIT_EVERY)
            body = {"personal_id": random.choice(patients), "facility_code": facility}
            try:
                http.post(url, json=body, headers=headers)
            except httpx.HTTPError as exc:  # the server may still be starting
                log.info("a demo clinic check failed: %s", type(exc).__name__)


def start_employment_centre() -> str:
    """Serve the employment-centre sandbox on port + 5, its officers deciding every few seconds.

    The platform trusts its signing key and gives it a fresh API key for the UI records (the
    previous demo's key is disabled).
    """
    settings = get_settings()
    if settings.employment_centre_url is not None:
        return settings.employment_centre_url  # a configured centre: use it as it is
    held = centre_store.Centre(
        conninfo(start_embedded(settings.data_dir, database="population_register"))
    )
    held.create()
    with unit_of_work() as db_session:
        db_session.execute(
            update(ApiClient)
            .where(ApiClient.client_id.startswith(CENTRE_CLIENT))
            .values(active=False)
        )
        _, key = clients.create(
            db_session=db_session,
            client_id=f"{CENTRE_CLIENT}{secrets.token_hex(4)}",
            name="Employment service centre (sandbox)",
            scopes=["unemployment:records"],
        )
    platform_url = f"http://{settings.host}:{settings.port}"
    centre_key = secrets.token_urlsafe(24)
    app = centre_app(
        held,
        platform=platform_client(platform_url, key),
        clients={key_hash(centre_key): "vss"},
        assess_every=CENTRE_ASSESS_EVERY,
    )
    url = f"http://{settings.host}:{settings.port + 5}"
    serve_in_thread(app, host=settings.host, port=settings.port + 5)
    with held.connect() as connection:
        jwks = signing.jwks(signing.signing_key(connection))
    with unit_of_work() as db_session:
        unemployment.add_centre(db_session=db_session, centre_id=centre_notify.SENDER, jwks=jwks)
    settings.employment_centre_url = url
    settings.employment_centre_api_key = SecretStr(centre_key)
    return url


def _synthetic_year(
    registry: civil_store.Registry,
    register: store.Register,
    population: httpx.Client,
    province: str,
) -> None:
    with register.connect() as connection:
        citizens = connection.execute("SELECT * FROM citizens WHERE alive").fetchall()
    start = clock.today() - timedelta(days=DAYS_IN_YEAR + CIVIL_YEAR_ENDS_DAYS_AGO)
    with registry.connect() as connection:
        summary = year.run(
            connection,
            population,
            citizens,
            start=start,
            days=DAYS_IN_YEAR,
            province_code=province,
            stop=_STOP_YEAR,
        )
    if _STOP_YEAR.is_set():  # the demo stopped first; a restart does not resume the year
        log.info("civil registry: the synthetic year stopped with the demo at %s", summary)
    else:
        log.info("civil registry: a synthetic year registered: %s", summary)


def start_worker() -> Callable[[], None]:
    """Run one worker in a daemon thread; return what stops it (its jobs in progress first)."""
    loop = asyncio.new_event_loop()
    task = loop.create_task(
        run_worker(build_app(feed_cron=DEMO_FEED_CRON), install_signal_handlers=False)
    )

    def work() -> None:
        asyncio.set_event_loop(loop)
        with contextlib.suppress(asyncio.CancelledError):
            loop.run_until_complete(task)
        loop.close()

    thread = threading.Thread(target=work, name="worker", daemon=True)
    thread.start()

    def stop() -> None:
        loop.call_soon_threadsafe(task.cancel)
        thread.join(timeout=WORKER_STOP_SECONDS)

    return stop


def reconcile_once() -> bool:
    """Queue a reconciliation against the register if none ever ran; True if one was queued."""
    with unit_of_work() as db_session:
        if db_session.scalar(select(LinkageRun.id).limit(1)) is not None:
            return False
        enqueue(db_session, RECONCILE, {})
    return True


def _citizens() -> pa.Table:
    """The demo province's synthetic people as the register holds them (those with an ID)."""
    settings = get_settings()
    persons = generate(
        people=settings.demo_people, seed=settings.demo_seed, province=settings.demo_province
    ).persons
    persons = persons.filter(pc.is_valid(persons.column("personal_id")))
    names = {p.code: p.name for p in current_provinces()}
    codes = persons.column("province_code").to_pylist()
    return pa.table(
        {
            "record_id": pc.binary_join_element_wise("R", persons.column("si_number"), ""),
            "personal_id": persons.column("personal_id"),
            "full_name": persons.column("full_name"),
            "date_of_birth": pc.cast(persons.column("date_of_birth"), pa.string()),
            "sex": persons.column("sex"),
            "province": pa.array([names.get(c) for c in codes], pa.string()),
            "address": persons.column("address"),
        }
    )
