"""Officer accounts: create with an argon2 hash, authenticate without revealing who exists."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.errors import Conflict, Unprocessable
from ansinh.portal.models import ROLES, Officer

MIN_PASSWORD = 12


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not-a-real-password")


def create_officer(
    *, db_session: Session, username: str, full_name: str, role: str, password: str
) -> Officer:
    """Register an officer account."""
    if role not in ROLES:
        raise Unprocessable(f"role: must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise Unprocessable(f"password: at least {MIN_PASSWORD} characters")
    if db_session.get(Officer, username) is not None:
        raise Conflict(f"officer {username!r} already exists")
    officer = Officer(
        username=username, full_name=full_name, role=role, password_hash=_hasher().hash(password)
    )
    db_session.add(officer)
    db_session.flush()
    return officer


def stored_hash(*, db_session: Session, username: str) -> str:
    """The account's password hash, or a dummy one so an unknown name costs the same work."""
    officer = db_session.get(Officer, username)
    return officer.password_hash if officer is not None else _dummy_hash()


def password_matches(stored: str, password: str) -> bool:
    """Check a password against its argon2 hash (blocking: run it on the hashing threads)."""
    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def finish_login(
    *, db_session: Session, username: str, password: str, matched: bool
) -> Officer | None:
    """The active officer if the password matched (its hash upgraded if the policy changed)."""
    officer = db_session.get(Officer, username)
    if not matched or officer is None or not officer.active:
        return None
    if _hasher().check_needs_rehash(officer.password_hash):
        officer.password_hash = _hasher().hash(password)
        db_session.flush()
    return officer


def list_officers(*, db_session: Session) -> Sequence[Officer]:
    """Every officer account, by username."""
    return db_session.scalars(select(Officer).order_by(Officer.username)).all()
