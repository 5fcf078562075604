"""Validate ISO 20022 files against the official schema before they leave (lxml, streaming)."""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

from lxml import etree

PAIN_001 = "pain.001.001.09.xsd"


class InvalidFile(ValueError):
    """The file does not follow its ISO 20022 schema; the message says where."""


@cache
def _schema(name: str) -> etree.XMLSchema:
    # The official XSD ships in the sepaxml wheel (sepaxml/schemas/).
    with as_file(files("sepaxml").joinpath("schemas", name)) as path:
        return etree.XMLSchema(etree.parse(str(path)))


def validate(path: Path, schema: str = PAIN_001, line: str = "CdtTrfTxInf") -> int:
    """Validate the file at `path` against `schema`, streaming; the number of `line` elements."""
    lines = 0
    try:
        for _, element in etree.iterparse(
            str(path), events=("end",), tag=f"{{*}}{line}", schema=_schema(schema), huge_tree=True
        ):
            lines += 1
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise InvalidFile(str(exc)) from exc
    return lines
