"""Every message the portal shows has a Vietnamese translation in the committed catalog."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from ansinh.portal.i18n import CATALOG, translations

SRC = Path(__file__).parents[2] / "src" / "ansinh"


def _message_ids() -> set[str]:
    found: set[str] = set()
    for path in (SRC / "portal" / "templates").rglob("*.html"):
        with path.open("rb") as file:
            for _, _, message, _ in babel_extract(file, ("_", "gettext"), [], {}):
                text = message[0] if isinstance(message, tuple) else message  # _(id, **params)
                if isinstance(text, str):
                    found.add(text)
    for path in [*(SRC / "portal").rglob("*.py"), *(SRC / "services").rglob("*.py")]:
        with path.open("rb") as file:
            found.update(m for _, m, _, _ in extract("python", file, keywords={"N_": None}))
    return found


def test_every_message_has_a_vietnamese_translation() -> None:
    with CATALOG.open("rb") as file:
        catalog = {m.id: m.string for m in read_po(file) if m.id}
    missing = sorted(m for m in _message_ids() if not catalog.get(m))
    assert missing == []


def test_the_catalog_is_compiled_at_start_up() -> None:
    assert translations("vi").gettext("Log in") == "Đăng nhập"
    assert translations("en").gettext("Log in") == "Log in"
