"""Platform signatures verify offline against the published key set, and tampering is caught."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from ansinh.core import config, signing


@pytest.fixture()
def fresh_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ANSINH_DATA_DIR", str(tmp_path))
    config.get_settings.cache_clear()
    signing.load_or_create_key.cache_clear()
    yield tmp_path / "keys" / "platform-signing.jwk"
    config.get_settings.cache_clear()
    signing.load_or_create_key.cache_clear()


def test_a_signed_document_verifies_with_the_published_keys(fresh_key: Path) -> None:
    token = signing.sign({"si_number": "7900000001", "name": "Nguyễn Thị Lan"})
    assert signing.verify(token, signing.public_jwks())["name"] == "Nguyễn Thị Lan"
    assert fresh_key.stat().st_mode & 0o777 == 0o600
    assert "d" not in signing.public_jwks()["keys"][0]


def test_a_tampered_document_is_refused(fresh_key: Path) -> None:
    header, payload, signature = signing.sign({"amount": 1}).split(".")
    forged = signing.sign({"amount": 1_000_000}).split(".")[1]
    with pytest.raises(signing.SignatureInvalid):
        signing.verify(f"{header}.{forged}.{signature}", signing.public_jwks())


def test_the_key_survives_a_restart(fresh_key: Path) -> None:
    token = signing.sign({"n": 1})
    signing.load_or_create_key.cache_clear()
    assert signing.verify(token, signing.public_jwks()) == {"n": 1}
