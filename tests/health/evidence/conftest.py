"""Evidence fixtures: a synthetic hospital key, its registered certificate, a logged-in account."""

from __future__ import annotations

import base64
import hashlib
from datetime import date

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from lxml import etree
from sqlalchemy.orm import Session

from ansinh.health.evidence import keys
from ansinh.health.gateway.auth import set_password
from ansinh.health.models import Facility
from ansinh.synth import hospital
from ansinh.synth.hospital import Patient, SigningKey
from tests.conftest import api_headers
from tests.health.conftest import FACILITY

USERNAME = f"{FACILITY}_BV"
PASSWORD_MD5 = hashlib.md5(b"mat-khau-benh-vien").hexdigest().upper()
CERTIFICATES = "/api/chungtugw/GuiHoSoChungTu2025"
BIRTH_OR_DEATH = "/api/hososuckhoe/guiGiayToDienTu"
PATIENT = Patient(
    full_name="Nguyễn Thị Lan",
    date_of_birth=date(1985, 3, 14),
    sex="2",
    personal_id="079185000123",
    si_number="0791234567",
)


@pytest.fixture(scope="session")
def hospital_key() -> SigningKey:
    """The synthetic hospital's signing key (one RSA key for the whole session)."""
    return hospital.facility_key(FACILITY)


@pytest.fixture()
def registered(db_session: Session, facilities: list[Facility], hospital_key: SigningKey) -> None:
    """FACILITY has registered the certificate of its signing key."""
    keys.register(db_session=db_session, facility_code=FACILITY, pem=hospital_key.certificate_pem)


@pytest.fixture()
def credentials(hi_client: TestClient, db_session: Session, registered: None) -> dict[str, str]:
    """The form credentials of FACILITY's logged-in gateway account."""
    api_headers(db_session, "hi:eligibility", client_id=USERNAME)
    set_password(db_session=db_session, client_id=USERNAME, password_md5=PASSWORD_MD5)
    response = hi_client.post(
        "/api/token/take", data={"username": USERNAME, "password": PASSWORD_MD5}
    )
    assert response.status_code == 200, response.text
    key = response.json()["APIKey"]
    return {
        "maCskcb": FACILITY,
        "token": key["access_token"],
        "id_token": key["id_token"],
        "username": USERNAME,
        "password": PASSWORD_MD5,
    }


def ct07(serial: str = "000123", **dates: date) -> etree._Element:
    """An unsigned CT07 of PATIENT at FACILITY, 20–24 November 2026 unless told."""
    return hospital.sick_leave(
        FACILITY,
        serial,
        PATIENT,
        first_day=dates.get("first_day", date(2026, 11, 20)),
        last_day=dates.get("last_day", date(2026, 11, 24)),
        issued=dates.get("issued", date(2026, 11, 20)),
    )


def send(
    client: TestClient,
    credentials: dict[str, str],
    document: bytes | str,
    *,
    path: str = CERTIFICATES,
    kind: str = "39",
    **overrides: str,
) -> Response:
    """Post a document as a hospital system does (form-urlencoded, base64 file)."""
    encoded = document if isinstance(document, str) else base64.b64encode(document).decode("ascii")
    form = credentials | {"loaiHs": kind, "fileBase64Str": encoded} | overrides
    return client.post(path, data=form)
