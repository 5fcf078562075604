"""Write a data set as Parquet or CSV files plus a deterministic manifest.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, get_args

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ansinh.synth.dataset import GENERATOR_VERSION, Dataset

Format = Literal["parquet", "csv"]
FORMATS: tuple[Format, ...] = get_args(Format)
MANIFEST = "manifest.json"


def write(dataset: Dataset, out_dir: Path | str, fmt: Format = "parquet") -> Path:
    """Write one file per table and `manifest.json` into `out_dir`; return the manifest path.

    CSV files have a header row, ISO dates and empty fields for nulls, ready for
    PostgreSQL `COPY ... (FORMAT csv, HEADER true)`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, object]] = {}
    for name, table in dataset.tables().items():
        path = folder / f"{name}.{fmt}"
        _write_table(table, path, fmt)
        files[name] = {"file": path.name, "rows": table.num_rows}
    manifest = {
        "generator": "ansinh.synth",
        "generator_version": GENERATOR_VERSION,
        "seed": dataset.seed,
        "people": dataset.people,
        "province": dataset.province,
        "as_of": dataset.as_of.isoformat(),
        "format": fmt,
        "files": files,
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _write_table(table: pa.Table, path: Path, fmt: Format) -> None:
    if fmt == "parquet":
        pq.write_table(table, path, compression="zstd")
    else:
        pacsv.write_csv(table, path)
