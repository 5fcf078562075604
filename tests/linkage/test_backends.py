"""The DuckDB backend under a memory cap: the cap in force, the same scores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ansinh.core import config
from ansinh.linkage.backends import DuckDBBackend
from ansinh.linkage.matcher_settings import MatcherSettings
from tests.linkage.conftest import scored_by

_SETTINGS = "SELECT current_setting('memory_limit'), current_setting('temp_directory')"


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """Settings read again from the environment, and forgotten afterwards."""
    config.get_settings.cache_clear()
    yield
    config.get_settings.cache_clear()


def _in_force(backend: DuckDBBackend) -> tuple[str, str]:
    database: Any = backend._database()
    limit, folder = database.duckdb_con.execute(_SETTINGS).fetchone()
    return str(limit), str(folder)


def test_a_capped_backend_runs_duckdb_with_its_limit_and_spill_folder(tmp_path: Path) -> None:
    assert _in_force(DuckDBBackend(memory_limit="512MB", spill_dir=tmp_path)) == (
        "488.2 MiB",
        str(tmp_path),
    )


def test_the_cap_and_the_spill_folder_come_from_the_platform_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_settings: None
) -> None:
    monkeypatch.setenv("ANSINH_LINKAGE_MEMORY_LIMIT", "1GB")
    monkeypatch.setenv("ANSINH_LINKAGE_SPILL_DIR", str(tmp_path))
    assert _in_force(DuckDBBackend()) == ("953.6 MiB", str(tmp_path))


def test_a_capped_backend_scores_every_pair_as_the_uncapped_one(
    fast_settings: MatcherSettings, tmp_path: Path
) -> None:
    capped, uncapped = scored_by(
        [DuckDBBackend(memory_limit="256MB", spill_dir=tmp_path), DuckDBBackend()], fast_settings
    )
    assert capped.num_rows > 250
    assert capped.equals(uncapped)
