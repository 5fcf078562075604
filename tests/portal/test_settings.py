"""Portal settings: secure cookies outside dev, https for the e-ID and the portal in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ansinh.core.config import Settings

SECRET = "x" * 40


def test_insecure_cookies_are_refused_outside_dev() -> None:
    assert not Settings(env="dev", cookie_secure=False).cookie_secure
    for env in ("test", "prod"):
        with pytest.raises(ValidationError, match="COOKIE_SECURE"):
            Settings(env=env, secret_key=SECRET, cookie_secure=False)


def test_production_needs_https_for_the_e_id_and_the_portal() -> None:
    with pytest.raises(ValidationError, match="EID_ISSUER"):
        Settings(env="prod", secret_key=SECRET, eid_issuer="http://sso.example")
    settings = Settings(env="prod", secret_key=SECRET, eid_issuer="https://sso.example")
    assert settings.eid_issuer_url == "https://sso.example"
    assert settings.portal_base_url is None


def test_outside_production_the_sandbox_is_next_door() -> None:
    settings = Settings(env="dev", host="127.0.0.1", port=8000)
    assert settings.portal_base_url == "http://127.0.0.1:8000"
    assert settings.eid_issuer_url == "http://127.0.0.1:8001"
    assert settings.eid_key_file.name == "eid-client.jwk"
