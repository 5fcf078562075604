"""Contract files of `ansinh reconcile`: records in (CSV or Parquet), matches and summary out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ansinh.linkage.normalise import INPUT_COLUMNS

MATCH_COLUMNS = ("insured_record_id", "population_record_id", "match_probability", "method")


class BadRecords(ValueError):
    """An input file is unreadable or breaks the contract; the message says how."""


def read_records(path: Path) -> pa.Table:
    """Read a records file (.csv or .parquet) with the contract columns, all as text."""
    try:
        if path.suffix.lower() == ".parquet":
            table = pq.read_table(path)
        else:
            options = pacsv.ConvertOptions(
                column_types={c: pa.string() for c in INPUT_COLUMNS}, strings_can_be_null=True
            )
            table = pacsv.read_csv(path, convert_options=options)
    except (pa.ArrowException, OSError) as error:
        raise BadRecords(f"{path.name}: cannot be read as CSV or Parquet ({error})") from None
    missing = [c for c in INPUT_COLUMNS if c not in table.column_names]
    if missing:
        raise BadRecords(f"{path.name}: missing column(s) {', '.join(missing)}")
    table = pa.table({c: pc.cast(table.column(c), pa.string()) for c in INPUT_COLUMNS})
    ids = table.column("record_id")
    if ids.null_count or pc.any(pc.equal(pc.utf8_trim_whitespace(ids), "")).as_py():
        raise BadRecords(f"{path.name}: every row needs a record_id")
    if len(pc.unique(ids)) != table.num_rows:
        raise BadRecords(f"{path.name}: record_id values must be unique")
    return table


def write_matches(matches: pa.Table, path: Path) -> None:
    """Write matches.csv: one row per matched insured record, in the contract columns."""
    pacsv.write_csv(matches.select(list(MATCH_COLUMNS)), path)


def write_summary(summary: dict[str, Any], path: Path) -> None:
    """Write summary.json (counts per status, timings)."""
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
