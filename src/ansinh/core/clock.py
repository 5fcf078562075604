"""The platform's one clock: today and now in Vietnam (Asia/Ho_Chi_Minh); tests can set it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
"""UTC+7 all year: Vietnam keeps no daylight saving time."""

_frozen: datetime | None = None


def now() -> datetime:
    """Return the current time in Vietnam (timezone-aware)."""
    if _frozen is not None:
        return _frozen
    return datetime.now(VIETNAM)


def today() -> date:
    """Return today's date in Vietnam, whatever the server's local time zone."""
    return now().date()


@contextmanager
def frozen_at(moment: datetime | date) -> Iterator[datetime]:
    """Set the clock to `moment` (a date means 09:00 that day in Vietnam) until the block ends."""
    global _frozen
    if isinstance(moment, datetime):
        fixed = moment.astimezone(VIETNAM) if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
    else:
        fixed = datetime(moment.year, moment.month, moment.day, 9, tzinfo=VIETNAM)
    previous, _frozen = _frozen, fixed
    try:
        yield fixed
    finally:
        _frozen = previous
