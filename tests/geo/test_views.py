"""The geo API on a bare app: no database involved."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ansinh.core.errors import install_error_handlers
from ansinh.geo.views import router

PROVINCES = "/api/v1/geo/provinces"


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    return TestClient(app)


def test_list_current_provinces(client: TestClient) -> None:
    response = client.get(PROVINCES)
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 34
    assert {"code": "79", "name": "Hồ Chí Minh", "kind": "city"} in body


def test_list_current_provinces_on_a_day(client: TestClient) -> None:
    before = client.get(PROVINCES, params={"on": "2026-04-29"}).json()
    after = client.get(PROVINCES, params={"on": "2026-04-30"}).json()
    assert {"code": "75", "name": "Đồng Nai", "kind": "province"} in before
    assert {"code": "75", "name": "Đồng Nai", "kind": "city"} in after


def test_list_legacy_provinces(client: TestClient) -> None:
    body = client.get(PROVINCES, params={"era": "legacy"}).json()
    assert len(body) == 63
    assert {"code": "15", "name": "Yên Bái", "kind": "province"} in body


def test_list_legacy_provinces_on_a_day(client: TestClient) -> None:
    body = client.get(PROVINCES, params={"era": "legacy", "on": "2024-06-01"}).json()
    assert {"code": "46", "name": "Thừa Thiên Huế", "kind": "province"} in body


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"on": "2025-06-30"}, "in force from 2025-07-01"),
        ({"era": "legacy", "on": "2025-07-01"}, "in force until 2025-06-30"),
    ],
)
def test_list_on_a_day_outside_the_era(
    client: TestClient, params: dict[str, str], reason: str
) -> None:
    response = client.get(PROVINCES, params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert reason in response.json()["detail"]


def test_unknown_era_is_invalid(client: TestClient) -> None:
    assert client.get(PROVINCES, params={"era": "1990"}).status_code == 422


def test_read_province_by_code_and_day(client: TestClient) -> None:
    before = client.get(f"{PROVINCES}/15", params={"on": "2025-06-30"})
    after = client.get(f"{PROVINCES}/15", params={"on": "2025-07-01"})
    assert before.json() == {"code": "15", "name": "Yên Bái", "kind": "province"}
    assert after.json() == {"code": "15", "name": "Lào Cai", "kind": "province"}


def test_read_province_defaults_to_today(client: TestClient) -> None:
    assert client.get(f"{PROVINCES}/15").json()["name"] == "Lào Cai"


@pytest.mark.parametrize(
    ("code", "reason"), [("67", "part of Lâm Đồng (68)"), ("99", "is not a province code")]
)
def test_read_unknown_province(client: TestClient, code: str, reason: str) -> None:
    response = client.get(f"{PROVINCES}/{code}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert reason in response.json()["detail"]
