"""Registered API clients (clinics, partner systems, employers' software)."""

from __future__ import annotations

from sqlalchemy import ARRAY, Boolean, String, true
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base, Timestamped


class ApiClient(Base, Timestamped):
    """A machine client; only the SHA-256 of its key is stored."""

    __tablename__ = "api_clients"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())
