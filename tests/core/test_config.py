"""Settings: secure defaults refused outside dev, external database switch."""

import pytest
from pydantic import ValidationError

from ansinh.core.config import Settings
from ansinh.core.db import app_url, resolve_url


def test_prod_refuses_the_default_secret() -> None:
    with pytest.raises(ValidationError, match="ANSINH_SECRET_KEY"):
        Settings(env="prod")


def test_prod_refuses_a_short_secret() -> None:
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(env="prod", secret_key="too-short")


def test_prod_accepts_a_long_random_secret() -> None:
    assert Settings(env="prod", secret_key="x" * 40).env == "prod"


def test_dev_runs_with_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANSINH_DATABASE_URL", raising=False)
    assert Settings(env="dev").embedded


def test_environment_prefix_is_ansinh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANSINH_DEMO_PEOPLE", "1234")
    assert Settings().demo_people == 1234


def test_external_database_url_is_used_with_the_psycopg_driver() -> None:
    settings = Settings(database_url="postgresql://u:p@db.example:5432/vss")
    assert resolve_url(settings) == "postgresql+psycopg://u:p@db.example:5432/vss"


def test_the_platform_connects_to_an_external_database_as_its_own_role() -> None:
    owner = "postgresql://owner:o@db.example:5432/vss"
    derived = Settings(database_url=owner, app_db_password="pw")
    assert app_url(derived) == "postgresql+psycopg://ansinh_app:pw@db.example:5432/vss"
    given = Settings(database_url=owner, database_app_url="postgresql://app:a@db.example/vss")
    assert app_url(given) == "postgresql+psycopg://app:a@db.example/vss"
    assert resolve_url(given) == "postgresql+psycopg://owner:o@db.example:5432/vss"
