"""Daily counters of countable events: e-ID logins, e-ID app queries (for the scorecard).

Each event is appended as its own row (`usage_events`): an upsert of one row per metric and day
made every concurrent login or query wait for the one before it to commit. Reads add the events
to the compacted days in `usage_counts`; `compact` folds events into those days (a job can run
it), so the event table stays small without any writer taking a shared row lock.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, select, text, union_all
from sqlalchemy.orm import Session

from ansinh.core.clock import today
from ansinh.eid.models import UsageCount, UsageEvent

EID_LOGINS = "eid_logins"
EID_APP_QUERIES = "eid_app_queries"


def count(*, db_session: Session, metric: str, times: int = 1) -> None:
    """Add `times` to today's count of `metric` (Vietnam's day), as appended events."""
    if times > 0:
        db_session.execute(insert(UsageEvent), [{"metric": metric, "day": today()}] * times)


def daily(*, db_session: Session, metric: str, since: date) -> dict[date, int]:
    """Counts of `metric` per day from `since` (compacted days plus events)."""
    rows = union_all(
        select(UsageCount.day, UsageCount.count).where(
            UsageCount.metric == metric, UsageCount.day >= since
        ),
        select(UsageEvent.day, func.count())
        .where(UsageEvent.metric == metric, UsageEvent.day >= since)
        .group_by(UsageEvent.day),
    ).subquery()
    statement = select(rows.c.day, func.sum(rows.c.count)).group_by(rows.c.day)
    return {day: int(n) for day, n in db_session.execute(statement).all()}


def total(*, db_session: Session, metric: str) -> int:
    """All-time count of `metric`."""
    return sum(daily(db_session=db_session, metric=metric, since=date.min).values())


_COMPACT = """
WITH moved AS (DELETE FROM usage_events RETURNING metric, day)
INSERT INTO usage_counts (metric, day, count)
SELECT metric, day, count(*) FROM moved GROUP BY metric, day
ON CONFLICT (metric, day) DO UPDATE SET count = usage_counts.count + excluded.count
"""


def compact(*, db_session: Session) -> None:
    """Fold the appended events into the per-day counts (one statement; no event is lost)."""
    db_session.execute(text(_COMPACT))
