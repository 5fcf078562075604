"""Vietnamese by default, English on request: the committed .po catalog is compiled at start-up.

Message ids are the English text, so English needs no catalog; `locale/vi/LC_MESSAGES/messages.po`
is compiled in memory with Babel (no .mo file is built or committed).
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LANGUAGE_COOKIE = "lang"
CATALOG = Path(__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "messages.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (English: the message ids themselves)."""
    if language != "vi":
        return gettext.NullTranslations()
    with CATALOG.open("rb") as file:
        catalog = read_po(file, locale="vi")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def translate(language: str, message: str) -> str:
    """`message` (an English message id) in `language`."""
    return translations(language).gettext(message)


def language_of(request: Request) -> str:
    """The language the visitor chose (a cookie), Vietnamese by default."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE
