"""Run Alembic programmatically against an engine (used by the CLI, demo and tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

FILE_TEMPLATE = "%%(year)d-%%(month).2d-%%(day).2d_%%(rev)s_%%(slug)s"


def alembic_config() -> Config:
    """Return the Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", "ansinh:migrations")
    config.set_main_option("file_template", FILE_TEMPLATE)
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Migrate the database behind `engine` to `revision`."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
