"""Run Alembic programmatically against an engine (used by the CLI, demo and tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from ansinh.core.config import get_settings
from ansinh.core.roles import app_credentials, grant_app_role

FILE_TEMPLATE = "%%(year)d-%%(month).2d-%%(day).2d_%%(rev)s_%%(slug)s"


def alembic_config() -> Config:
    """Return the Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", "ansinh:migrations")
    config.set_main_option("file_template", FILE_TEMPLATE)
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Migrate the database behind `engine` (the owner's) to `revision`; refresh the app role."""
    config = alembic_config()
    role, password = app_credentials(get_settings())
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        grant_app_role(connection, role=role, password=password)
