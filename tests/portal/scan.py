"""What a person reads on a page, and the strings that must not be in it.

Text is every visible text node plus the attributes a person reads or hears (placeholder,
aria-label, alt, title, a confirmation's text); scripts, styles and elements marked
`translate="no"` (signed blobs, codes) are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

READ_ATTRIBUTES = ("placeholder", "aria-label", "alt", "title", "data-confirm", "data-label")
SKIPPED = ("script", "style")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# English function words: none of them is a Vietnamese word, so each betrays an untranslated text.
ENGLISH = re.compile(
    r"\b(the|and|of|is|are|not|with|your|this|has|was|does|should|must|could|cannot|"
    r"submitted|approved|rejected|active|level)\b",
    re.IGNORECASE,
)
# A stored key or value shown as is: snake_case, a dotted resource, a raw status.
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z]+_?[a-z]*\b|\bin_review\b")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag not in VOID and (tag in SKIPPED or named.get("translate") == "no" or self._hidden):
            self._hidden.append(tag)
            return
        self.texts.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)

    def handle_endtag(self, tag: str) -> None:
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def read(html: str) -> list[str]:
    """The texts a person reads on the page."""
    reader = _Reader()
    reader.feed(html)
    return reader.texts


def untranslated(html: str, language: str) -> list[str]:
    """Texts of the page that are raw keys, or English on a Vietnamese page."""
    found = []
    for text in read(html):
        if RAW.search(text) or (language == "vi" and ENGLISH.search(text)):
            found.append(text)
    return found
