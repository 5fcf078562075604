"""Every answer on the gateway contract carries `maKetQua` and a Vietnamese `ghiChu`."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from ansinh.health.eligibility import clinic
from ansinh.health.eligibility.clinic import RateLimiter
from tests.health.gateway import test_gateway
from tests.health.gateway.test_gateway import LOOKUP, _body

credentials, account = test_gateway.credentials, test_gateway.account
VIETNAMESE_LETTERS = set("ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ")


def _is_vietnamese(note: Any) -> bool:
    return isinstance(note, str) and bool(VIETNAMESE_LETTERS & set(note.casefold()))


def test_a_rate_limited_lookup_carries_a_code_and_a_note(
    hi_client: TestClient, credentials: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clinic, "rate_limiter", lambda: RateLimiter(rate=0.001, burst=0))
    response = hi_client.post(LOOKUP, params=credentials, data=_body("9800000001"))
    assert response.status_code == 429
    body = response.json()
    assert body["maKetQua"] == "429" and _is_vietnamese(body["ghiChu"])
    assert "Retry-After" in response.headers


@pytest.mark.parametrize(
    ("params", "body", "status", "code"),
    [
        ({}, _body("12345"), 422, "205"),
        ({}, {"maThe": "9800000001"}, 422, "205"),
        ({"token": "x" * 3000}, _body("9800000001"), 422, "205"),
        ({"token": "garbage"}, _body("9800000001"), 401, "401"),
    ],
)
def test_errors_carry_a_code_and_a_vietnamese_note(
    hi_client: TestClient,
    credentials: dict[str, str],
    params: dict[str, str],
    body: dict[str, str],
    status: int,
    code: str,
) -> None:
    response = hi_client.post(LOOKUP, params=credentials | params, data=body)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    answer = response.json()
    assert answer["maKetQua"] == code and _is_vietnamese(answer["ghiChu"])


def test_the_login_carries_a_note_too(hi_client: TestClient, account: dict[str, str]) -> None:
    answer = hi_client.post("/api/token/take", data=account).json()
    assert answer["maKetQua"] == "200" and _is_vietnamese(answer["ghiChu"])
    refused = hi_client.post("/api/token/take", data=account | {"password": "0" * 32}).json()
    assert refused["maKetQua"] == "401" and _is_vietnamese(refused["ghiChu"])
    malformed = hi_client.post("/api/token/take", data={"username": "x"}).json()
    assert malformed["maKetQua"] == "205" and _is_vietnamese(malformed["ghiChu"])
