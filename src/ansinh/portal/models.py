"""Portal tables: server-side sessions and officers' local accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    func,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base, Timestamped

ROLES = ("officer", "reviewer", "supervisor", "admin")
SESSION_KINDS = ("citizen", "officer")


class Officer(Base, Timestamped):
    """A back-office account; only the argon2 hash of its password is stored."""

    __tablename__ = "officers"
    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role"),)

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())


class PortalSession(Base):
    """A logged-in browser; the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "portal_sessions"
    __table_args__ = (
        CheckConstraint(f"kind IN {SESSION_KINDS!r}", name="kind"),
        CheckConstraint("(kind = 'officer') = (officer IS NOT NULL)", name="officer"),
        CheckConstraint("level BETWEEN 0 AND 2", name="level"),
        Index("ix_portal_sessions_expires_at", "expires_at"),
    )

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    si_number: Mapped[str | None] = mapped_column(String(10))
    officer: Mapped[str | None] = mapped_column(ForeignKey("officers.username", ondelete="CASCADE"))
    display_name: Mapped[str] = mapped_column(String(100))
    level: Mapped[int] = mapped_column(SmallInteger)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginThrottle(Base):
    """Failed officer logins by account (`account:<username>`) or address (`address:<ip>`)."""

    __tablename__ = "portal_login_throttle"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, server_default="0")
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
