"""Transaction-scoped temporary tables for set-based work."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def temp_table(db_session: Session, name: str, body: str, *, analyze: bool = False) -> None:
    """(Re)create temporary table `name` from `body` ("(columns)" or "AS SELECT ...")."""
    db_session.execute(text(f"DROP TABLE IF EXISTS {name}"))
    columns, query = (body, "") if body.startswith("(") else ("", body)
    db_session.execute(text(f"CREATE TEMP TABLE {name} {columns} ON COMMIT DROP {query}"))
    if analyze:
        db_session.execute(text(f"ANALYZE {name}"))


def bulk_memory(db_session: Session) -> None:
    """Give this transaction's large joins and sorts memory instead of temporary files."""
    db_session.execute(
        text(
            "SELECT set_config('work_mem', '256MB', true), "
            "set_config('maintenance_work_mem', '512MB', true)"
        )
    )
