"""No install runs on a secret anyone else knows: generated once under the data directory."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from ansinh.core.config import DEV_SECRET, SECRET_FILE, Settings


def test_an_unset_secret_is_generated_once_with_mode_0600(tmp_path: Path) -> None:
    first = Settings(env="dev", data_dir=tmp_path).secret_key.get_secret_value()
    stored = tmp_path / SECRET_FILE
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert len(first) >= 32 and first != DEV_SECRET
    assert Settings(env="dev", data_dir=tmp_path).secret_key.get_secret_value() == first
    assert Settings(env="dev", data_dir=tmp_path / "other").secret_key.get_secret_value() != first


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_the_published_development_secret_is_refused(env: str, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="published development value"):
        Settings(env=env, data_dir=tmp_path, secret_key=DEV_SECRET)


def test_the_test_suite_may_use_the_development_secret(tmp_path: Path) -> None:
    settings = Settings(env="test", data_dir=tmp_path, secret_key=DEV_SECRET)
    assert settings.secret_key.get_secret_value() == DEV_SECRET
    assert not (tmp_path / SECRET_FILE).exists()
