"""Transaction-scoped temporary tables for set-based work."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.orm import Session

# Scratch tables live for one transaction: the planner needs their size and rough distinct
# counts, not fine histograms. A 3,000-row sample (statistics target 10) instead of the default
# 30,000 takes 0.02 s instead of 0.17 s for a table of 100,000 rows.
_SMALL_SAMPLE = (
    "SET LOCAL default_statistics_target = 10; ANALYZE {names}; RESET default_statistics_target"
)
# Large joins and sorts get memory instead of temporary files (set for the transaction only).
BULK_MEMORY = (
    "set_config('work_mem', '256MB', true), set_config('maintenance_work_mem', '512MB', true)"
)


def scratch_tables(db_session: Session, tables: Mapping[str, str]) -> None:
    """Empty the connection's scratch tables, name → "(columns)", creating them on first use.

    Unlike ON COMMIT DROP tables they outlive the transaction (their rows do not): a list posted
    on a pooled connection reuses them instead of writing and deleting their catalogue rows.
    """
    script = []
    for name, columns in tables.items():
        script += [
            f"CREATE TEMP TABLE IF NOT EXISTS {name} {columns} ON COMMIT DELETE ROWS",
            f"DELETE FROM {name}",  # rows of an earlier list in the same transaction
        ]
    db_session.execute(text("; ".join(script)))


def temp_table(db_session: Session, name: str, body: str, *, analyze: bool = False) -> None:
    """(Re)create temporary table `name` from `body` ("(columns)" or "AS SELECT ...").

    The body takes no parameters: without them the statements travel in one round trip.
    """
    columns, query = (body, "") if body.startswith("(") else ("", body)
    script = [
        f"DROP TABLE IF EXISTS {name}",
        f"CREATE TEMP TABLE {name} {columns} ON COMMIT DROP {query}",
    ]
    if analyze:
        script.append(_SMALL_SAMPLE.format(names=name))
    db_session.execute(text("; ".join(script)))


def analyze(db_session: Session, *names: str) -> None:
    """Gather the planner's statistics of scratch tables from a small sample of their rows."""
    db_session.execute(text(_SMALL_SAMPLE.format(names=", ".join(names))))


def bulk_memory(db_session: Session) -> None:
    """Give this transaction's large joins and sorts memory instead of temporary files."""
    db_session.execute(text(f"SELECT {BULK_MEMORY}"))
