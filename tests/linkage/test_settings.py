"""The versioned matcher settings file."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from ansinh.linkage.matcher_settings import MatcherSettings, default_settings, load_settings


def test_the_shipped_settings_validate() -> None:
    settings = default_settings()
    assert settings.thresholds.needs_review <= settings.thresholds.verified
    names = [c["output_column_name"] for c in settings.splink["comparisons"]]
    assert names == ["personal_id", "full_name", "date_of_birth", "sex", "province", "address"]


def test_a_settings_file_loads_and_bad_thresholds_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "v2.json"
    path.write_text(default_settings().model_dump_json(), encoding="utf-8")
    assert load_settings(path) == default_settings()
    data = default_settings().model_dump()
    data["thresholds"] |= {"verified": 0.4, "needs_review": 0.9}
    with pytest.raises(ValidationError, match="needs_review"):
        MatcherSettings.model_validate(data)
