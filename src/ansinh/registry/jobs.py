"""Batch work on the registry: loading a synthetic or migrated data set with COPY."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
from sqlalchemy import Connection, Engine, select, text

from ansinh.core.bulk import copy_batches
from ansinh.registry.models import Person

DATASET_TABLES: dict[str, tuple[str, ...]] = {
    "persons": (
        "si_number",
        "personal_id",
        "full_name",
        "date_of_birth",
        "dob_precision",
        "sex",
        "birth_registration_code",
        "address",
        "province_code",
    ),
    "employers": ("unit_code", "tax_code", "name", "province_code", "wage_region", "size"),
    "employments": (
        "employment_id",
        "si_number",
        "unit_code",
        "start_date",
        "end_date",
        "contract_type",
    ),
    "salaries": ("employment_id", "effective_from", "amount"),
    "careers": ("si_number", "first_month", "last_month", "scheme", "unit_code", "salary"),
}
OPTIONAL_TABLES = frozenset({"careers"})  # data sets written before careers existed lack it


def _dataset_file(directory: Path, table: str) -> Path | None:
    for suffix in (".parquet", ".csv"):
        candidate = directory / f"{table}{suffix}"
        if candidate.exists():
            return candidate
    if table in OPTIONAL_TABLES:
        return None
    raise FileNotFoundError(f"{directory} has no {table}.parquet or {table}.csv")


def _batches(path: Path, columns: tuple[str, ...]) -> Iterator[pa.RecordBatch]:
    if path.suffix == ".parquet":
        yield from pads.dataset(path, format="parquet").to_batches(columns=list(columns))
        return
    # Read CSV columns as text so identifiers keep their leading zeros; COPY parses the rest.
    options = pacsv.ConvertOptions(
        column_types={c: pa.string() for c in columns}, strings_can_be_null=True
    )
    yield from pacsv.open_csv(path, convert_options=options)


def is_seeded(engine: Engine) -> bool:
    """Return True if the registry already holds persons."""
    with engine.connect() as connection:
        return connection.scalar(select(Person.si_number).limit(1)) is not None


def load_dataset(
    *, connection: Connection, directory: Path, on_rows: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Load a data set (`ansinh synth` output) in the caller's transaction; return row counts."""
    loaded: dict[str, int] = {}
    for table, columns in DATASET_TABLES.items():
        path = _dataset_file(directory, table)
        if path is None:
            continue
        loaded[table] = copy_batches(connection, table, columns, _batches(path, columns), on_rows)
    connection.execute(
        text(
            "SELECT setval(pg_get_serial_sequence('employments', 'employment_id'), "
            "GREATEST((SELECT max(employment_id) FROM employments), 1))"
        )
    )
    return loaded
