"""The platform serves as a role that can neither rewrite history nor change the schema."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from ansinh.core.config import get_settings
from ansinh.core.roles import APPEND_ONLY

AUDIT_ROW = (
    "INSERT INTO audit_events (actor_kind, actor_id, subject, action, resource, purpose) "
    "VALUES ('system', 'test', '0100000001', 'read', 'registry.person', 'test')"
)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET purpose = 'rewritten'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "DELETE FROM hi_checks",
        "UPDATE contribution_payments SET amount = 0",
        "SET session_replication_role = replica",
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete",
        "DROP TRIGGER audit_events_no_update_delete ON audit_events",
        "CREATE TABLE shadow_audit (id int)",
    ],
)
def test_the_app_role_cannot_erase_audit_events_or_change_the_schema(
    engine: Engine, statement: str
) -> None:
    with engine.connect() as connection:
        connection.execute(text(AUDIT_ROW))
        with pytest.raises(DBAPIError, match="permission denied|must be owner"):
            connection.execute(text(statement))
        connection.rollback()


def test_the_app_role_is_neither_superuser_nor_owner(engine: Engine) -> None:
    with engine.connect() as connection:
        me = connection.execute(
            text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        ).one()
        owned = connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")
        ).scalar_one()
    assert me == (get_settings().app_role, False)
    assert owned == 0
    assert "audit_events" in APPEND_ONLY


def test_normal_requests_work_as_the_app_role(client: TestClient, engine: Engine) -> None:
    assert client.get("/healthz").json()["database"] == "ok"
    assert client.get("/api/v1/geo/provinces").status_code == 200
    with engine.connect() as connection:
        connection.execute(text(AUDIT_ROW))  # appending is allowed
        connection.rollback()
