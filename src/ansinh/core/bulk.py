"""Bulk loading with PostgreSQL COPY, streaming Arrow record batches as CSV."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

import pyarrow as pa
import pyarrow.csv as pacsv
from sqlalchemy import Connection
from sqlalchemy.sql import quoted_name

_CSV = pacsv.WriteOptions(include_header=False, quoting_style="needed")


def copy_batches(
    connection: Connection,
    table: str,
    columns: Sequence[str],
    batches: Iterable[pa.RecordBatch],
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """COPY `batches` (holding `columns`) into `table` on `connection`; return rows loaded."""
    column_list = ", ".join(str(quoted_name(c, quote=True)) for c in columns)
    statement = f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT csv)"
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    loaded = 0
    with cursor.copy(statement) as copy:
        for batch in batches:
            buffer = io.BytesIO()
            pacsv.write_csv(batch.select(list(columns)), buffer, write_options=_CSV)
            copy.write(buffer.getvalue())
            loaded += batch.num_rows
            if on_batch is not None:
                on_batch(batch.num_rows)
    return loaded


def copy_rows(
    connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    """COPY Python rows (tuples in `columns` order, adapted by psycopg) into `table`."""
    column_list = ", ".join(str(quoted_name(c, quote=True)) for c in columns)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    loaded = 0
    with cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            loaded += 1
    return loaded
