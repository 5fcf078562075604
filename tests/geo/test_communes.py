"""Communes of the 34 provinces since 2025: by province, by code, and through the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ansinh.geo import UnknownCommune, communes_of, current_provinces, get_commune
from ansinh.geo.provinces import merger_date


def test_there_are_3321_communes_and_every_province_has_some() -> None:
    provinces = current_provinces(merger_date())
    counts = {p.code: len(communes_of(p.code)) for p in provinces}
    assert sum(counts.values()) == 3321
    assert min(counts.values()) > 0
    assert counts["01"] == 126  # Hà Nội: 51 wards and 75 communes


def test_a_commune_belongs_to_its_province_only() -> None:
    commune = get_commune("26743", province_code="79")
    assert commune.name == "Phường Bến Thành" and commune.kind == "ward"
    with pytest.raises(UnknownCommune):
        get_commune("26743", province_code="01")
    with pytest.raises(UnknownCommune):
        get_commune("99999", province_code="79")


def test_communes_are_listed_by_name_whatever_their_kind() -> None:
    names = [c.name for c in communes_of("01")]
    assert (
        names.index("Phường Ba Đình") < names.index("Xã Bát Tràng") < names.index("Phường Cầu Giấy")
    )


def test_the_api_lists_a_provinces_communes(client: TestClient) -> None:
    communes = client.get("/api/v1/geo/provinces/79/communes").json()
    assert {"code": "26743", "name": "Phường Bến Thành", "kind": "ward"} in communes
    missing = client.get("/api/v1/geo/provinces/02/communes")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_a_malformed_province_code_is_refused_before_any_lookup(client: TestClient) -> None:
    answer = client.get("/api/v1/geo/provinces/7x9/communes")
    assert answer.status_code == 422
