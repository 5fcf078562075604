"""Views, pages and partner routes never write audit events: the service verbs they call do."""

from __future__ import annotations

import ast
from pathlib import Path

import ansinh

AUDIT_MODULE = "ansinh.core.audit.service"
RECORDERS = frozenset({"record", "record_from_select"})
PACKAGE = Path(ansinh.__file__).parent
HTTP_NAMES = frozenset({"views.py", "pages.py", "api.py"})
HTTP_PACKAGES = frozenset({"portal", "partners"})


def audit_writes(source: str) -> list[int]:
    """Lines of `source` that use core.audit's record functions or write `audit_events` in SQL."""
    tree = ast.parse(source)
    modules: set[str] = set()  # local names bound to ansinh.core.audit.service
    functions: set[str] = set()  # local names bound to its record functions
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "ansinh.core.audit":
            modules |= {a.asname or a.name for a in node.names if a.name == "service"}
        elif isinstance(node, ast.ImportFrom) and node.module == AUDIT_MODULE:
            functions |= {a.asname or a.name for a in node.names if a.name in RECORDERS}
        elif isinstance(node, ast.Import):
            modules |= {a.asname for a in node.names if a.name == AUDIT_MODULE and a.asname}
    owners = modules | {AUDIT_MODULE}
    lines = []
    for node in ast.walk(tree):
        recorder = (
            isinstance(node, ast.Attribute)
            and node.attr in RECORDERS
            and ast.unparse(node.value) in owners
        ) or (isinstance(node, ast.Name) and node.id in functions)
        raw_sql = (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "audit_events" in node.value
        )
        if recorder or raw_sql:
            lines.append(getattr(node, "lineno", 0))
    return sorted(lines)


def is_http_module(path: Path) -> bool:
    """True for the modules that answer requests (views, pages, partner routes), not services."""
    relative = path.relative_to(PACKAGE)
    if relative.parts[:2] == ("core", "audit") or path.name == "service.py":
        return False
    return (
        path.name in HTTP_NAMES
        or relative.parts[0] in HTTP_PACKAGES
        or "APIRouter(" in path.read_text(encoding="utf-8")
    )


def test_no_view_page_or_partner_route_writes_audit_events() -> None:
    modules = [p for p in sorted(PACKAGE.rglob("*.py")) if is_http_module(p)]
    offenders = {
        str(p.relative_to(PACKAGE)): found
        for p in modules
        if (found := audit_writes(p.read_text(encoding="utf-8")))
    }
    assert len(modules) > 15  # registry, contributions, health, linkage, portal, partners...
    assert offenders == {}, f"audit in the service verb, not the route: {offenders}"


def test_the_guard_catches_a_planted_call_in_every_form(tmp_path: Path) -> None:
    planted = tmp_path / "views.py"
    planted.write_text(
        "from ansinh.core.audit import service as audit\n"
        "from ansinh.core.audit.service import record_from_select as bulk\n"
        "import ansinh.core.audit.service\n"
        "def get(db, actor):\n"
        "    audit.record(db_session=db, actor=actor, subjects=['7912345678'],\n"
        "                 action='read', resource='registry.person', purpose='p')\n"
        "    bulk(db_session=db, actor=actor, subjects='SELECT 1', action='read',\n"
        "         resource='r', purpose='p')\n"
        "    ansinh.core.audit.service.record(db_session=db)\n"
        "    db.execute('INSERT INTO audit_events (subject) VALUES (1)')\n",
        encoding="utf-8",
    )
    assert audit_writes(planted.read_text(encoding="utf-8")) == [5, 7, 9, 10]


def test_the_guard_lets_a_view_pass_who_and_why() -> None:
    source = (
        "from ansinh.core.audit import service as audit\n"
        "from ansinh.registry import service\n"
        "def get(db, actor, purpose):\n"
        "    rows = audit.read_events(db_session=db, subject='s', params=None,\n"
        "                             actor=actor, purpose=purpose)\n"
        "    return service.read_person(db_session=db, si_number='s', actor=actor,\n"
        "                               purpose=purpose), rows\n"
    )
    assert audit_writes(source) == []


def test_the_guard_sees_every_route_module() -> None:
    names = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if is_http_module(p)}
    assert {
        "registry/views.py",
        "contributions/views.py",
        "health/views.py",
        "linkage/views.py",
        "portal/pages.py",
        "partners/views.py",
    } <= names
    assert "registry/service.py" not in names
    assert "partners/service.py" not in names
