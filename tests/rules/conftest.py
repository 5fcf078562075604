"""Collect `tests/rules/<branch>/*.yaml` formula cases, each a test named by its sentence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ansinh.rules.service import get_benefit

CASE_KEYS = {"name", "benefit", "description", "input", "output"}
OUTPUT_KEYS = {"eligible", "amount", "unit", "outputs", "reasons_include", "law_date"}


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Treat every YAML file under tests/rules/ as a file of formula cases."""
    if file_path.suffix == ".yaml":
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    """A YAML list of formula cases."""

    def collect(self) -> Iterator[pytest.Item]:
        """Yield one item per case, named by its sentence."""
        cases = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        if not isinstance(cases, list):
            raise CaseError(f"{self.path.name}: expected a list of cases")
        for case in cases:
            yield CaseItem.from_parent(self, name=case["name"], case=case)


class CaseError(Exception):
    """A case failed or is malformed."""


class CaseItem(pytest.Item):
    """One formula case: run the benefit on the input and compare the expected output."""

    def __init__(self, *, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        """Check the case's keys, calculate, and compare each expected field."""
        unknown = (set(self.case) - CASE_KEYS) | (set(self.case["output"]) - OUTPUT_KEYS)
        if unknown:
            raise CaseError(f"unknown keys {sorted(unknown)}")
        benefit = get_benefit(self.case["benefit"])
        result = benefit.calculate_raw(self.case["input"])
        expected = self.case["output"]
        got = result.model_dump(mode="json")
        if benefit.compute_raw(self.case["input"]).as_json() != got:
            raise CaseError("the plain answer (as stored with decisions) differs from the model's")
        problems = [
            f"{key}: expected {expected[key]!r}, got {got[key]!r}"
            for key in ("eligible", "amount", "unit", "law_date")
            if key in expected and expected[key] != got[key]
        ]
        for key, want in expected.get("outputs", {}).items():
            if got["outputs"].get(key) != want:
                problems.append(
                    f"outputs.{key}: expected {want!r}, got {got['outputs'].get(key)!r}"
                )
        for fragment in expected.get("reasons_include", []):
            if not any(fragment in reason for reason in got["reasons"]):
                problems.append(f"reasons: none contains {fragment!r}; got {got['reasons']!r}")
        if problems:
            raise CaseError("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """Report the case by its name with what differed."""
        if isinstance(excinfo.value, CaseError):
            return f"case '{self.name}' failed:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the case lives."""
        return self.path, 0, f"case: {self.name}"
