"""Card QR: signed with the platform key, verified offline from the published JWKS."""

from __future__ import annotations

import base64
import json
import stat
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from joserfc import jws
from joserfc.jwk import ECKey
from typer.testing import CliRunner

from ansinh.cli import app
from ansinh.core import signing
from ansinh.core.signing import InsecureKeyFile, key_set, platform_key, public_jwks
from ansinh.health.cards.qr import InvalidCardQr, sign_card, verify_card
from ansinh.health.eligibility.service import CardView, PersonView

PERSON = PersonView("9800000001", "Trần Văn An", date(1990, 5, 1), "day", "M", None)
CARD = CardView(
    1, "9800000001", "GD", 4, "79", date(2026, 1, 1), date(2026, 12, 31), "79011",
    "Trạm Y tế số 1", date(2031, 1, 1), "active", None, None,
)  # fmt: skip


def test_the_token_round_trips_and_carries_no_personal_id() -> None:
    token = sign_card(PERSON, CARD)
    kid, claims = verify_card(token, key_set(public_jwks()))
    assert kid == public_jwks()["keys"][0]["kid"]
    assert claims["card"] == "GD4799800000001" and claims["name"] == "Trần Văn An"
    assert set(claims) == {
        "iss",
        "card",
        "si",
        "name",
        "dob",
        "sex",
        "from",
        "to",
        "lvl",
        "fac",
        "iat",
    }


def test_a_tampered_token_is_refused() -> None:
    header, payload, signature = sign_card(PERSON, CARD).split(".")
    forged = json.dumps({"iss": "ansinh", "card": "GD1799800000001"}).encode()
    forged_payload = base64.urlsafe_b64encode(forged).rstrip(b"=").decode()
    with pytest.raises(InvalidCardQr):
        verify_card(f"{header}.{forged_payload}.{signature}", key_set(public_jwks()))


def test_a_token_signed_by_another_key_is_refused() -> None:
    other = ECKey.generate_key("P-256", private=True, auto_kid=True)
    token = jws.serialize_compact(
        {"alg": "ES256", "kid": other.kid or "", "typ": "hi-card+jws"}, b'{"iss":"ansinh"}', other
    )
    with pytest.raises(InvalidCardQr):
        verify_card(token, key_set(public_jwks()))
    assert verify_card(token, key_set({"keys": [other.as_dict(private=False)]}))[1] == {
        "iss": "ansinh"
    }


def test_the_key_file_is_private() -> None:
    public_jwks()
    platform_key()
    assert stat.S_IMODE(signing.key_path().stat().st_mode) == 0o600


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_text(json.dumps(ECKey.generate_key("P-256", auto_kid=True).as_dict(private=True)))
    path.chmod(0o644)
    with pytest.raises(InsecureKeyFile):
        signing.load_or_create_key(path)


def test_jwks_endpoint_and_verify_endpoint(client: TestClient) -> None:
    published = client.get("/.well-known/jwks.json").json()
    assert published == public_jwks() and "d" not in published["keys"][0]
    good = client.post("/api/v1/hi/qr/verify", json={"token": sign_card(PERSON, CARD)})
    assert good.status_code == 200 and good.json()["claims"]["si"] == "9800000001"
    bad = client.post("/api/v1/hi/qr/verify", json={"token": "not.a.token-at-all-really"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"


def test_verify_qr_command_works_offline_from_a_jwks_file(tmp_path: Path) -> None:
    jwks_file = tmp_path / "jwks.json"
    jwks_file.write_text(json.dumps(public_jwks()))
    runner = CliRunner()
    good = runner.invoke(
        app, ["hi", "verify-qr", sign_card(PERSON, CARD), "--jwks", str(jwks_file)]
    )
    assert good.exit_code == 0, good.output
    assert '"card": "GD4799800000001"' in good.stdout
    bad = runner.invoke(app, ["hi", "verify-qr", "abc.def.ghi", "--jwks", str(jwks_file)])
    assert bad.exit_code == 1


def test_jwks_command_prints_the_public_key() -> None:
    printed = CliRunner().invoke(app, ["hi", "jwks"])
    assert printed.exit_code == 0
    assert json.loads(printed.stdout) == public_jwks()
