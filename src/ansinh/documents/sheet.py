"""What a document shows, as data: a title, labelled facts, an optional table; and its hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Fact:
    """One labelled line: Vietnamese label, English label, value."""

    vi: str
    en: str
    value: str


@dataclass(frozen=True)
class Table:
    """Rows under bilingual column headings (Vietnamese, English)."""

    headings: list[tuple[str, str]]
    rows: list[list[str]]
    widths: list[int]


@dataclass(frozen=True)
class Sheet:
    """The printed content of a document; the PDF is drawn from it and its hash is sealed."""

    title: str
    title_en: str
    facts: list[Fact]
    table: Table | None = None
    totals: list[Fact] = field(default_factory=list)
    note: str = ""

    def sha256(self) -> str:
        """The hash of the content, as hex (canonical JSON, keys sorted)."""
        canonical = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()
