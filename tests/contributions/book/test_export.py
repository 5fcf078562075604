"""The signed book export verifies offline against the published key, and tampering is caught."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.contributions.jobs import close_months
from ansinh.core import config, signing
from tests.contributions.conftest import API


@pytest.fixture(autouse=True)
def _key_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ANSINH_DATA_DIR", str(tmp_path))
    config.get_settings.cache_clear()
    signing.load_or_create_key.cache_clear()
    yield
    config.get_settings.cache_clear()
    signing.load_or_create_key.cache_clear()


def test_a_third_party_verifies_the_exported_book(
    client: TestClient, headers: dict[str, str], db_session: Session, worker: str
) -> None:
    close_months(db_session=db_session, first=date(2025, 1, 1), through=date(2026, 6, 1))
    export = client.get(f"{API}/persons/{worker}/book/export", headers=headers)
    assert export.status_code == 200, export.json()
    body = export.json()
    keys = client.get(body["keys_url"])
    assert keys.status_code == 200
    claims = signing.verify(body["token"], keys.json())
    assert (claims["sub"], claims["name"], claims["typ"]) == (worker, "Trần Thị Hoa", "si-book")
    totals = {t["fund"]: (t["years"], t["remaining_months"]) for t in claims["book"]["totals"]}
    assert totals["pension_survivors"] == (0, 0)  # nothing paid yet: 18 months owed
    assert claims["book"]["totals"][0]["owed_months"] == 18

    header, payload, signature = body["token"].split(".")
    forged = signing.sign({"sub": worker, "book": {}}).split(".")[1]
    with pytest.raises(signing.SignatureInvalid):
        signing.verify(f"{header}.{forged}.{signature}", keys.json())


def test_an_unknown_key_id_is_a_404(client: TestClient) -> None:
    assert client.get(f"{API}/signing-keys/not-a-real-kid").status_code == 404
