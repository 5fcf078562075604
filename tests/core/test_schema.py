"""The migrated schema matches the models, and the audit log cannot be rewritten."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ansinh.models import metadata

# Alembic compares index expressions as text, and PostgreSQL rewrites them (casts, ARRAY, line
# breaks). The payroll's ON CONFLICT names this one's expression, so tests/payments fail if it
# differs; tests/payments/test_locking.py checks what it is an expression for.
EXPRESSION_INDEXES = {"uq_payments_once"}


def _ours(name: str | None, kind: str, parents: object) -> bool:
    """Everything but procrastinate's tables (its schema comes with its package, not our models)."""
    return not (kind == "table" and (name or "").startswith("procrastinate_"))


def _compared(item: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
    """Every object but the indexes on expressions (on either side)."""
    return not (kind == "index" and name in EXPRESSION_INDEXES)


def test_migrations_produce_exactly_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        opts = {"include_name": _ours, "include_object": _compared}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, metadata) == []


def _insert_event(db_session: Session) -> None:
    db_session.execute(
        text(
            "INSERT INTO audit_events (actor_kind, actor_id, subject, action, resource, purpose) "
            "VALUES ('system', 'test', '0100000001', 'read', 'registry.person', 'test')"
        )
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET purpose = 'rewritten'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ],
)
def test_audit_events_are_append_only_even_for_the_owner(
    owner_engine: Engine, statement: str
) -> None:
    with owner_engine.connect() as connection, Session(bind=connection) as session:
        _insert_event(session)
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(statement))
        session.rollback()
