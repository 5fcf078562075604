"""Match a column against many values with ONE array parameter (`= ANY(:values)`).

`column.in_(values)` sends a parameter per value, and SQLAlchemy compiles (and psycopg
converts) the statement again for every length; one array keeps the statement cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY


def array_of(values: Iterable[Any], kind: Any) -> Any:
    """The values as one bound PostgreSQL array of `kind` (a SQLAlchemy type)."""
    return bindparam(None, list(values), type_=ARRAY(kind))


def any_of(column: Any, values: Iterable[Any], kind: Any) -> ColumnElement[bool]:
    """`column = ANY(values)`, the values bound as one array of `kind`."""
    return column == any_(array_of(values, kind))  # type: ignore[no-any-return]
