"""The one settings object, read from `ANSINH_*` environment variables (and `.env`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-insecure-secret-change-me"


class Settings(BaseSettings):
    """Platform configuration; fails fast on insecure secrets outside dev and test."""

    model_config = SettingsConfigDict(env_prefix="ANSINH_", env_file=".env", extra="ignore")

    env: Literal["dev", "test", "prod"] = "dev"
    database_url: str | None = None
    data_dir: Path = Path(".ansinh")
    secret_key: SecretStr = SecretStr(DEV_SECRET)
    host: str = "127.0.0.1"
    port: int = 8000
    demo_people: int = 50_000
    demo_province: str = "79"
    demo_seed: int = 2026
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _refuse_insecure_secrets(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if self.env == "prod" and (secret == DEV_SECRET or len(secret) < 32):
            raise ValueError(
                "ANSINH_SECRET_KEY must be set to a random value of at least 32 characters "
                "when ANSINH_ENV=prod"
            )
        return self

    @property
    def embedded(self) -> bool:
        """True when the platform runs its own embedded PostgreSQL."""
        return self.database_url is None


@cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
