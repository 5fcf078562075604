"""Read the CSV tables shipped in the package's `data/` folder."""

import csv
import io
from importlib.resources import files


def read_table(name: str) -> list[dict[str, str]]:
    """Return the rows of `data/<name>` as dicts keyed by the header line."""
    text = files("ansinh.geo").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))
