"""Officer login throttle: exponential back-off by account and by address, then a lockout.

Each failed password check counts against the account and against the client address. After a
few free failures (`login_*_free_failures`) the key must wait `login_backoff_seconds`, doubled at
each further failure up to `login_backoff_max_seconds`; an attempt made while waiting is refused
before the password is checked and does not count, so a stranger cannot extend a wait. After
`login_lockout_failures` the account is locked for `login_lockout_seconds` (it expires; an admin
can lift it sooner with `ansinh officers unlock`). A key's failures are forgotten once its last
failure is older than the lockout period. Because an address reaches its back-off after fewer
tries than an account reaches its lockout, a guesser on one address is slowed long before the
account locks. The thresholds are settings: they are policy, not law.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.portal.models import LoginThrottle

log = logging.getLogger("ansinh.officers.login")


@dataclass(frozen=True)
class Attempt:
    """Who tried to log in, and from where (never the password)."""

    username: str
    address: str

    @property
    def account_key(self) -> str:
        """The throttle key of the account."""
        return f"account:{self.username}"

    @property
    def address_key(self) -> str:
        """The throttle key of the client address."""
        return f"address:{self.address}"


def wait_seconds(*, db_session: Session, attempt: Attempt) -> float:
    """Seconds before this attempt may be checked (0: now); logs a refused attempt."""
    now = clock.now()
    rows = db_session.scalars(
        select(LoginThrottle).where(
            LoginThrottle.key.in_((attempt.account_key, attempt.address_key))
        )
    ).all()
    until = max(
        (t for row in rows for t in (row.blocked_until, row.locked_until) if t is not None),
        default=now,
    )
    wait = max(0.0, (until - now).total_seconds())
    if wait:
        _log(attempt, "throttled")
    return wait


def record(*, db_session: Session, attempt: Attempt, succeeded: bool) -> None:
    """Count a checked attempt: a success clears the account's failures, a failure adds one."""
    _log(attempt, "success" if succeeded else "failure")
    if succeeded:
        db_session.execute(delete(LoginThrottle).where(LoginThrottle.key == attempt.account_key))
        return
    settings = get_settings()
    _fail(db_session, attempt.account_key, settings.login_account_free_failures, lockable=True)
    _fail(db_session, attempt.address_key, settings.login_address_free_failures, lockable=False)


def unlock(*, db_session: Session, username: str) -> bool:
    """Lift an account's back-off and lockout; False if it had none."""
    removed = db_session.execute(
        delete(LoginThrottle).where(LoginThrottle.key == f"account:{username}")
    )
    log.info("officer login unlocked: username=%s", username)
    return bool(getattr(removed, "rowcount", 0))


def _fail(db_session: Session, key: str, free: int, *, lockable: bool) -> None:
    settings = get_settings()
    now = clock.now()
    db_session.execute(insert(LoginThrottle).values(key=key).on_conflict_do_nothing())
    row = db_session.scalars(
        select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()
    ).one()
    if row.last_failure_at is not None and _expired(row.last_failure_at, now):
        row.failures, row.blocked_until, row.locked_until = 0, None, None
    row.failures += 1
    row.last_failure_at = now
    if row.failures > free:
        backoff = settings.login_backoff_seconds * 2 ** min(row.failures - free - 1, 30)
        row.blocked_until = now + timedelta(
            seconds=min(backoff, settings.login_backoff_max_seconds)
        )
    if lockable and row.failures >= settings.login_lockout_failures:
        row.locked_until = now + timedelta(seconds=settings.login_lockout_seconds)
    db_session.flush()


def _expired(last_failure: datetime, now: datetime) -> bool:
    return now - last_failure > timedelta(seconds=get_settings().login_lockout_seconds)


def _log(attempt: Attempt, outcome: str) -> None:
    log.info("officer login %s: username=%s address=%s", outcome, attempt.username, attempt.address)
