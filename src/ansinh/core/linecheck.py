"""Check numbered raw lines against a Pydantic model one by one, keeping every reason."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pyarrow as pa
from pydantic import BaseModel, ValidationError

from ansinh.core.errors import Unprocessable

MAX_LISTED_ERRORS = 1000
# The columns of a staging table of refused lines.
ERROR_COLUMNS = ["line", "field", "error"]


@dataclass(frozen=True)
class LineError:
    """Why one line was refused."""

    line: int
    field: str | None
    reason: str


class LinesRejected(Unprocessable):
    """Some lines are invalid and the sender did not ask for partial acceptance."""

    title = "Lines rejected"

    def __init__(
        self, errors: Sequence[LineError], lines_total: int, errors_total: int | None = None
    ) -> None:
        listed = errors[:MAX_LISTED_ERRORS]
        total = len(errors) if errors_total is None else errors_total
        super().__init__(
            f"{total} of {lines_total} lines are invalid; nothing was applied. Fix them, "
            "or resubmit with allow_partial to apply the valid lines only",
            errors=[{"line": e.line, "field": e.field, "reason": e.reason} for e in listed],
            errors_total=total,
        )


@dataclass(frozen=True)
class CheckedChunk:
    """A chunk of lines checked: how many were read, the valid ones as columns, the refusals."""

    count: int
    valid: pa.RecordBatch | None
    refused: pa.RecordBatch | None


def check_chunk(
    rows: Iterator[tuple[int, Mapping[str, Any]]],
    model: type[BaseModel],
    schema: pa.Schema,
    size: int,
) -> CheckedChunk:
    """Check the next `size` lines of `rows` straight into columns named as `schema`.

    The schema's first column is the line number, the others are attributes of `model`.
    """
    # Only the column lists outlive a line: no dict or model survives into the collector's
    # older generations, whose rescans cost a third of the checking time.
    names = schema.names[1:]
    numbers: list[int] = []
    columns: list[list[Any]] = [[] for _ in names]
    errors: list[LineError] = []
    count = 0
    for number, raw in islice(rows, size):
        count += 1
        try:
            line = model.model_validate(raw)
        except ValidationError as exc:
            errors.append(_first_error(number, exc))
            continue
        numbers.append(number)
        for column, name in zip(columns, names, strict=True):
            column.append(getattr(line, name))
    valid = None
    if numbers:
        arrays = [numbers, *columns]
        valid = pa.RecordBatch.from_arrays(
            [
                pa.array(values, type=field.type)
                for values, field in zip(arrays, schema, strict=True)
            ],
            schema=schema,
        )
    return CheckedChunk(count, valid, errors_batch(errors) if errors else None)


def _first_error(number: int, exc: ValidationError) -> LineError:
    # Reasons only: the rejected input may be a personal ID and is never echoed.
    reasons = "; ".join(
        (f"{'.'.join(str(p) for p in e['loc'])}: " if e["loc"] else "") + e["msg"]
        for e in exc.errors()
    )
    first = exc.errors()[0]["loc"]
    return LineError(line=number, field=str(first[0]) if first else None, reason=reasons)


def errors_batch(errors: list[LineError]) -> pa.RecordBatch:
    """The refused lines as an Arrow batch of ERROR_COLUMNS, ready to COPY."""
    return pa.RecordBatch.from_arrays(
        [
            pa.array([e.line for e in errors], type=pa.int32()),
            pa.array([e.field for e in errors], type=pa.string()),
            pa.array([e.reason for e in errors], type=pa.string()),
        ],
        names=ERROR_COLUMNS,
    )
