"""Legal numbers live in parameter files: formula code may only use 0, 1, 12 and 100."""

import ast
from pathlib import Path

import ansinh.rules

ALLOWED = {0, 1, 12, 100}
RULES = Path(ansinh.rules.__file__).parent
CALCULATION_CODE = ["formulas/**/*.py", "engine.py", "trace.py", "money.py", "history.py"]


def _numbers(path: Path) -> list[tuple[int, object]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
        and node.value not in ALLOWED
    ]


def test_formula_code_holds_no_legal_numbers() -> None:
    found = {
        str(path.relative_to(RULES)): numbers
        for pattern in CALCULATION_CODE
        for path in sorted(RULES.glob(pattern))
        if (numbers := _numbers(path))
    }
    assert found == {}, f"numeric literals outside {sorted(ALLOWED)}: {found}"


def test_the_guard_sees_a_planted_number(tmp_path: Path) -> None:
    planted = tmp_path / "formula.py"
    planted.write_text("RATE = 0.75\nDAYS = 24\nok = 12 * 100\n")
    assert _numbers(planted) == [(1, 0.75), (2, 24)]
