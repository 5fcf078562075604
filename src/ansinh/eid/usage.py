"""Daily counters of countable events: e-ID logins, e-ID app queries (for the scorecard)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core.clock import today
from ansinh.eid.models import UsageCount

EID_LOGINS = "eid_logins"
EID_APP_QUERIES = "eid_app_queries"


def count(*, db_session: Session, metric: str) -> None:
    """Add one to today's count of `metric` (Vietnam's day)."""
    statement = insert(UsageCount).values(metric=metric, day=today(), count=1)
    db_session.execute(
        statement.on_conflict_do_update(
            index_elements=[UsageCount.metric, UsageCount.day],
            set_={"count": UsageCount.count + 1},
        )
    )


def total(*, db_session: Session, metric: str) -> int:
    """All-time count of `metric`."""
    value = db_session.scalar(select(func.sum(UsageCount.count)).where(UsageCount.metric == metric))
    return int(value or 0)


def daily(*, db_session: Session, metric: str, since: date) -> dict[date, int]:
    """Counts of `metric` per day from `since`."""
    statement = select(UsageCount.day, UsageCount.count).where(
        UsageCount.metric == metric, UsageCount.day >= since
    )
    return dict(db_session.execute(statement).all())
