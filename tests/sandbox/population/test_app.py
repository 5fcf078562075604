"""The population register sandbox: verify, lookup, bulk extract, change feed, clients, call log."""

import io
import json
import uuid
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from ansinh.synth.population import build_population
from sandbox.database import conninfo
from sandbox.population import store
from sandbox.population.app import create_app
from sandbox.population.seed import add_client, seed
from sandbox.population.store import Register

PEOPLE = 300
Database = tuple[Register, dict[str, str], dict[str, str]]


@pytest.fixture(scope="module")
def records() -> pa.Table:
    return build_population(PEOPLE, seed=5, twins=0.0).records


@pytest.fixture()
def database(database_url: str, records: pa.Table) -> Database:
    """A register of its own per test: a fresh schema in the run's PostgreSQL, seeded by COPY."""
    register = Register(conninfo(database_url), schema=f"npd_{uuid.uuid4().hex}")
    register.create()
    with register.connect() as connection:
        seed(connection, records)
        keys = {
            "vss": add_client(connection, "vss"),
            "clinic": add_client(connection, "clinic", ["verify"]),
        }
    return register, keys, records.slice(0, 1).to_pylist()[0]


@pytest.fixture()
def http(database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database[0])) as client:
        yield client


def _as(database: Database, client: str) -> dict[str, str]:
    return {"X-API-Key": database[1][client]}


def test_verify_tells_which_fields_agree(http: TestClient, database) -> None:
    citizen = database[2]
    body = {
        "personal_id": citizen["personal_id"],
        "full_name": citizen["full_name"].upper(),
        "date_of_birth": citizen["date_of_birth"][:4],
        "sex": "F" if citizen["sex"] == "M" else "M",
    }
    answer = http.post("/v1/verify", json=body, headers=_as(database, "clinic")).json()
    assert answer == {
        "found": True,
        "alive": True,
        "full_name": "match",
        "date_of_birth": "partial",
        "sex": "mismatch",
    }
    unknown = body | {"personal_id": "001099999999"}
    assert (
        http.post("/v1/verify", json=unknown, headers=_as(database, "vss")).json()["found"] is False
    )


def test_lookup_is_for_authorised_clients_only(http: TestClient, database) -> None:
    body = {"personal_id": database[2]["personal_id"]}
    assert http.post("/v1/citizens/lookup", json=body).status_code == 401
    assert (
        http.post("/v1/citizens/lookup", json=body, headers=_as(database, "clinic")).status_code
        == 403
    )
    found = http.post("/v1/citizens/lookup", json=body, headers=_as(database, "vss"))
    assert found.json()["record_id"] == database[2]["record_id"]
    missing = {"personal_id": "001099999999"}
    assert (
        http.post("/v1/citizens/lookup", json=missing, headers=_as(database, "vss")).status_code
        == 404
    )


def test_bulk_extract_streams_ndjson_and_parquet(http: TestClient, database) -> None:
    lines = http.get("/v1/extract", headers=_as(database, "vss")).text.splitlines()
    assert len(lines) == PEOPLE
    assert set(json.loads(lines[0])) >= {"record_id", "personal_id", "full_name", "alive"}
    response = http.get(
        "/v1/extract", params={"format": "parquet", "batch_size": 100}, headers=_as(database, "vss")
    )
    assert response.headers["content-type"] == "application/vnd.apache.parquet"
    parquet = pq.ParquetFile(io.BytesIO(response.content))
    assert parquet.metadata.num_rows == PEOPLE
    assert parquet.num_row_groups == 3  # one per batch: the extract is written batch by batch


def test_events_feed_the_change_feed(http: TestClient, database) -> None:
    vss = _as(database, "vss")
    after = http.get("/v1/changes", headers=vss).json()["next_after"]
    birth = {
        "kind": "birth",
        "personal_id": "001226000001",
        "full_name": "Lê Minh An",
        "date_of_birth": "2026-10-01",
        "sex": "M",
    }
    assert http.post("/v1/events", json=birth, headers=vss).status_code == 201
    assert http.post("/v1/events", json=birth, headers=vss).status_code == 409
    rename = {"kind": "name", "record_id": database[2]["record_id"], "full_name": "Lê Minh Anh"}
    assert http.post("/v1/events", json=rename, headers=vss).status_code == 201
    page = http.get("/v1/changes", params={"after": after}, headers=vss).json()
    assert [c["kind"] for c in page["items"]] == ["birth", "name"]
    assert page["next_after"] == page["items"][-1]["seq"]
    dead = {"kind": "death", "record_id": "nobody"}
    assert http.post("/v1/events", json=dead, headers=vss).status_code == 404


def test_bad_input_is_refused_with_reasons(http: TestClient, database) -> None:
    vss = _as(database, "vss")
    assert http.get("/v1/changes", params={"after": -1}, headers=vss).status_code == 422
    assert http.get("/v1/changes", params={"after": 2**64}, headers=vss).status_code == 422
    bad = http.post("/v1/verify", json={"personal_id": "12"}, headers=vss)
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_request"


def test_every_call_is_logged_without_identifiers(http: TestClient, database) -> None:
    http.post("/v1/citizens/lookup", json={"personal_id": database[2]["personal_id"]})
    with database[0].connect() as connection:
        last = store.calls(connection)[-1]
    assert (last["client_id"], last["route"], last["status"]) == ("-", "/v1/citizens/lookup", 401)
    assert database[2]["personal_id"] not in json.dumps(last, default=str)
