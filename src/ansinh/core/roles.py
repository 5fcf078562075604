"""The platform's own login role: the rights it needs to serve, and none to rewrite history.

Migrations, demo seeding and bulk loads run as the owner of the tables. The platform serves as a
separate role that is neither superuser nor owner, so it cannot `SET session_replication_role`,
disable a trigger, run DDL, or update and delete the append-only tables. The owner refreshes the
role's rights after every migration; default privileges cover tables created later.
"""

from __future__ import annotations

from sqlalchemy import Connection, make_url, text
from sqlalchemy.exc import DBAPIError

from ansinh.core.config import Settings
from ansinh.core.secret_file import load_or_create

PASSWORD_FILE = "app-db.password"
# Rows that may only ever be added: the audit trail, the HI check log, payments, hospitals'
# certificates and the log of their receipt.
APPEND_ONLY = (
    "audit_events",
    "hi_checks",
    "contribution_payments",
    "contribution_self_payments",
    "evidence_receipts",
    "medical_certificates",
)
# Added to, and removed from only when compacted into usage_counts.
NEVER_UPDATED = ("usage_events",)
READ_ONLY = ("alembic_version",)


def app_credentials(settings: Settings) -> tuple[str, str]:
    """The platform role's name and password: from its URL, the settings, or a generated file."""
    if settings.database_app_url:
        url = make_url(settings.database_app_url)
        if not url.username:
            raise ValueError("ANSINH_DATABASE_APP_URL must name the platform's role")
        return url.username, url.password or ""
    if settings.app_db_password is not None:
        return settings.app_role, settings.app_db_password.get_secret_value()
    return settings.app_role, load_or_create(settings.data_dir / PASSWORD_FILE, size=24)


_ADMINISTRATIVE = text(
    "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls "
    "FROM pg_roles WHERE rolname = :r"
)


def _tables(connection: Connection) -> set[str]:
    rows = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
    return set(rows.scalars())


def _ident(connection: Connection, name: str) -> str:
    return str(connection.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar_one())


def _literal(connection: Connection, value: str) -> str:
    return str(connection.execute(text("SELECT quote_literal(:v)"), {"v": value}).scalar_one())


def grant_app_role(connection: Connection, *, role: str, password: str) -> None:
    """Create the platform role if missing and give it exactly the rights it needs (as owner)."""
    owner = str(connection.execute(text("SELECT current_user")).scalar_one())
    if role == owner:
        raise ValueError(f"the platform role {role!r} must not be the owner of the tables")
    who, secret = _ident(connection, role), _literal(connection, password)
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    if exists.first() is None:
        connection.execute(text(f"CREATE ROLE {who} LOGIN PASSWORD {secret}"))
    else:
        savepoint = connection.begin_nested()
        try:
            connection.execute(text(f"ALTER ROLE {who} LOGIN PASSWORD {secret}"))
            savepoint.commit()
        except DBAPIError:  # an owner without CREATEROLE leaves the password as the admin set it
            savepoint.rollback()
    if connection.execute(_ADMINISTRATIVE, {"r": role}).scalar_one():
        raise ValueError(f"the platform role {role!r} has administrative rights; remove them")
    database = _ident(
        connection, str(connection.execute(text("SELECT current_database()")).scalar_one())
    )
    owner_id, tables = _ident(connection, owner), _tables(connection)
    for statement in (
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {who}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {who}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {who}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_id} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_id} IN SCHEMA public "
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {who}",
        *(f"REVOKE UPDATE, DELETE, TRUNCATE ON {t} FROM {who}" for t in APPEND_ONLY if t in tables),
        *(f"REVOKE UPDATE, TRUNCATE ON {t} FROM {who}" for t in NEVER_UPDATED if t in tables),
        *(
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {t} FROM {who}"
            for t in READ_ONLY
            if t in tables
        ),
    ):
        connection.execute(text(statement))
