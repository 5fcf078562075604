"""The import contracts hold on the tree, and a planted forbidden import breaks them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run every contract of `.importlinter` on the packages under `tree/src`."""
    env = os.environ | {"PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(ROOT / ".importlinter")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the source packages to plant imports in."""
    for package in ("ansinh", "sandbox"):
        shutil.copytree(
            ROOT / "src" / package,
            tmp_path / "src" / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.yaml", "*.csv", "*.json", "locale"),
        )
    return tmp_path


def test_the_tree_keeps_every_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("ansinh/rules/planted.py", "import ansinh.registry.service", "Layers"),
        ("ansinh/core/planted.py", "import ansinh.health.models", "Layers"),
        ("ansinh/health/planted.py", "import ansinh.linkage.service", "Layers"),
        ("ansinh/services/planted.py", "import ansinh.portal.pages", "Layers"),
        ("sandbox/population/planted.py", "import ansinh.core.db", "Sandboxes"),
        ("ansinh/registry/planted.py", "import ansinh.registry.views", "No cycles"),
        ("ansinh/portal/planted.py", "import ansinh.registry.models", "Registry is used only"),
        ("ansinh/services/planted.py", "import ansinh.health.cards.qr", "Health is used only"),
    ],
)
def test_a_planted_import_breaks_its_contract(
    tree: Path, module: str, line: str, contract: str
) -> None:
    (tree / "src" / module).write_text(f'"""Planted."""\n\n{line}\n', encoding="utf-8")
    if contract == "No cycles":  # a cycle needs the way back too
        views = tree / "src/ansinh/registry/views.py"
        views.write_text(views.read_text() + "\nimport ansinh.registry.planted\n")
    result = _lint(tree)
    assert result.returncode == 1
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
