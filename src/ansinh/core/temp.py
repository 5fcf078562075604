"""Transaction-scoped temporary tables for set-based work."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.orm import Session

# Large joins and sorts get memory instead of temporary files (set for the transaction only).
BULK_MEMORY = (
    "set_config('work_mem', '256MB', true), set_config('maintenance_work_mem', '512MB', true)"
)


def temp_tables(db_session: Session, tables: Mapping[str, str], *, analyze: bool = False) -> None:
    """(Re)create temporary tables, name → "(columns)" or "AS SELECT ...", in one round trip.

    The bodies take no parameters: without them the statements travel together.
    """
    script = []
    for name, body in tables.items():
        columns, query = (body, "") if body.startswith("(") else ("", body)
        script += [
            f"DROP TABLE IF EXISTS {name}",
            f"CREATE TEMP TABLE {name} {columns} ON COMMIT DROP {query}",
        ]
        if analyze:
            script.append(f"ANALYZE {name}")
    db_session.execute(text("; ".join(script)))


def temp_table(db_session: Session, name: str, body: str, *, analyze: bool = False) -> None:
    """(Re)create temporary table `name` from `body` ("(columns)" or "AS SELECT ...")."""
    temp_tables(db_session, {name: body}, analyze=analyze)


def bulk_memory(db_session: Session) -> None:
    """Give this transaction's large joins and sorts memory instead of temporary files."""
    db_session.execute(text(f"SELECT {BULK_MEMORY}"))
