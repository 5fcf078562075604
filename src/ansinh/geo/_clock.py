"""Today's date where the platform's rules apply."""

from datetime import date, datetime, timedelta, timezone

_VIETNAM = timezone(timedelta(hours=7), "ICT")


def today() -> date:
    """Return today's date in Vietnam (UTC+7 all year, no daylight saving)."""
    return datetime.now(_VIETNAM).date()
