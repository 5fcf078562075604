"""Shared data for linkage tests: a small register with messy insured records, and its sandbox."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlalchemy.orm import Session

from ansinh.linkage.backends import Backend, DuckDBBackend, SparkBackend, spark_session
from ansinh.linkage.matcher_settings import MatcherSettings, default_settings
from ansinh.linkage.normalise import normalise, province_code
from ansinh.linkage.pipeline import Reconciliation, reconcile
from ansinh.linkage.register_client import RegisterClient
from ansinh.linkage.service import open_review
from ansinh.registry.models import Person
from ansinh.synth.messy import Truth, make_truth
from sandbox.database import conninfo
from sandbox.population.app import create_app
from sandbox.population.seed import add_client, seed
from sandbox.population.store import Register


@pytest.fixture(scope="session")
def truth() -> Truth:
    """2,000 register records and 1,800 messy insured records with their true links."""
    return make_truth(population=2_000, insured=1_800, seed=11)


@pytest.fixture(scope="session")
def fast_settings() -> MatcherSettings:
    """The shipped matcher settings with a smaller u sample (tiny data needs no more)."""
    settings = default_settings()
    training = settings.training.model_copy(update={"u_max_pairs": 200_000})
    return settings.model_copy(update={"training": training})


def scored_by(backends: list[Backend], settings: MatcherSettings) -> list[pa.Table]:
    """300 register × 270 insured records scored by each backend with one model trained on DuckDB.

    Each table's pairs are sorted by insured then register record, so tables compare as wholes.
    """
    truth = make_truth(population=300, insured=270, seed=3)
    population, insured = normalise(truth.population), normalise(truth.insured)
    model = DuckDBBackend().train(population=population, insured=insured, settings=settings)
    return [
        backend.predict(
            population=population, insured=insured, model=model, prior=0.003, threshold=0.5
        ).sort_by([("insured_record_id", "ascending"), ("population_record_id", "ascending")])
        for backend in backends
    ]


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for the run: one core, one shuffle partition, no UI.

    Without a Java runtime this fails (it does not skip) with a message naming
    scripts/ensure-java.sh, which `make test` runs first.
    """
    session = spark_session(master="local[1]", shuffle_partitions=1)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def reconciled(
    truth: Truth, fast_settings: MatcherSettings, request: pytest.FixtureRequest
) -> Callable[[str], Reconciliation]:
    """The pipeline's result on the shared truth for a backend name, computed once per run."""
    results: dict[str, Reconciliation] = {}

    def result(name: str) -> Reconciliation:
        if name not in results:
            backend: Backend = (
                SparkBackend(request.getfixturevalue("spark"))
                if name == "spark"
                else DuckDBBackend()
            )
            results[name] = reconcile(
                population=truth.population,
                insured=truth.insured,
                settings=fast_settings,
                backend=backend,
            )
        return results[name]

    return result


@pytest.fixture(scope="session", params=["duckdb", "spark"])
def backend_name(request: pytest.FixtureRequest) -> str:
    """Each matching test runs on DuckDB and on local Spark."""
    name: str = request.param
    return name


@pytest.fixture(scope="session")
def register_db(truth: Truth, database_url: str) -> tuple[Register, str]:
    """A sandbox register (a fresh schema in the run's PostgreSQL) seeded with the truth; a key."""
    register = Register(conninfo(database_url), schema=f"npd_{uuid.uuid4().hex}")
    register.create()
    with register.connect() as connection:
        seed(connection, truth.population)
        key = add_client(connection, "vss")
    return register, key


@pytest.fixture()
def register_http(register_db: tuple[Register, str]) -> Iterator[TestClient]:
    """The sandbox register's HTTP API through an ASGI transport, authenticated as the platform."""
    database, key = register_db
    with TestClient(
        create_app(database), base_url="http://register.test", headers={"X-API-Key": key}
    ) as http:
        yield http


@pytest.fixture()
def register(register_http: TestClient) -> RegisterClient:
    """A register client speaking HTTP (httpx) to the sandbox app."""
    return RegisterClient(register_http)


def load_persons(db_session: Session, records: pa.Table) -> list[str]:
    """Register insured records that have a birth date and sex as persons; return SI numbers."""
    rows, seen = [], set()
    for record in records.to_pylist():
        if not record["date_of_birth"] or not record["sex"] or not record["full_name"]:
            continue
        parts = [int(p) for p in record["date_of_birth"].split("-")]
        precision = ("year", "month", "day")[len(parts) - 1]
        identifier = record["personal_id"] or ""
        personal_id = identifier if len(identifier) == 12 and identifier not in seen else None
        seen.add(identifier)
        rows.append(
            {
                "si_number": record["record_id"],
                "personal_id": personal_id,
                "old_id_card": identifier if len(identifier) == 9 else None,
                "full_name": record["full_name"],
                "date_of_birth": date(parts[0], *(parts[1:] + [1, 1])[:2]),
                "dob_precision": precision,
                "sex": record["sex"],
                "province_code": province_code(record["province"] or ""),
                "address": record["address"],
            }
        )
    db_session.execute(insert(Person), rows)
    return [r["si_number"] for r in rows]


@pytest.fixture()
def queued(db_session: Session, truth: Truth) -> list[tuple[str, int]]:
    """Three persons with an open review item proposing their true register record."""
    register = {r["record_id"]: r for r in truth.population.to_pylist()}
    links = dict(zip(*truth.links.to_pydict().values(), strict=True))
    loaded = load_persons(db_session, truth.insured.slice(0, 40))
    chosen = [si for si in loaded if links[si]][:3]
    items = []
    for si_number in chosen:
        record: dict[str, Any] = register[links[si_number]]
        review = open_review(
            db_session=db_session,
            si_number=si_number,
            register_record=record,
            source="batch",
            match_probability=0.8,
        )
        items.append((si_number, review.id))
    return items
