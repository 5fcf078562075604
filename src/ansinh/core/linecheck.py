"""Check numbered raw lines against a Pydantic model one by one, keeping every reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LineError:
    """Why one line was refused."""

    line: int
    field: str | None
    reason: str


def check_lines(
    rows: Iterable[tuple[int, Mapping[str, Any]]], model: type[M]
) -> tuple[list[tuple[int, M]], list[LineError]]:
    """Validate numbered raw lines; return the valid ones and one error per invalid line."""
    valid: list[tuple[int, M]] = []
    errors: list[LineError] = []
    for number, raw in rows:
        try:
            valid.append((number, model.model_validate(raw)))
        except ValidationError as exc:
            errors.append(_first_error(number, exc))
    return valid, errors


def _first_error(number: int, exc: ValidationError) -> LineError:
    # Reasons only: the rejected input may be a personal ID and is never echoed.
    reasons = "; ".join(
        (f"{'.'.join(str(p) for p in e['loc'])}: " if e["loc"] else "") + e["msg"]
        for e in exc.errors()
    )
    first = exc.errors()[0]["loc"]
    return LineError(line=number, field=str(first[0]) if first else None, reason=reasons)
