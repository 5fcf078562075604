"""The bulk extract, streamed batch by batch as NDJSON or Parquet (never whole in memory)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Literal

import pyarrow as pa
import pyarrow.parquet as pq

from sandbox.population.store import COLUMNS, Connection, iter_citizens

ExtractFormat = Literal["ndjson", "parquet"]
MEDIA_TYPES = {"ndjson": "application/x-ndjson", "parquet": "application/vnd.apache.parquet"}
SCHEMA = pa.schema([(c, pa.string()) for c in COLUMNS] + [("alive", pa.bool_())])


def ndjson(connection: Connection, batch_size: int) -> Iterator[bytes]:
    """Yield the register as JSON lines, one batch of rows per chunk."""
    for rows in iter_citizens(connection, batch_size):
        lines = (json.dumps(row, ensure_ascii=False) for row in rows)
        yield ("\n".join(lines) + "\n").encode()


class _Chunks:
    """A write-only file that hands over what was written since the last call to `take`."""

    closed = False

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._position = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        """Nothing is buffered beyond the parts held for `take`."""

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def parquet(connection: Connection, batch_size: int) -> Iterator[bytes]:
    """Yield the register as one Parquet file, one row group per batch."""
    sink = _Chunks()
    with pq.ParquetWriter(sink, SCHEMA, compression="zstd") as writer:
        for rows in iter_citizens(connection, batch_size):
            writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
            yield sink.take()
    yield sink.take()
