"""Usage counters: concurrent writers never wait for each other, and reads add everything up."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import Engine, delete, text
from sqlalchemy.orm import Session

from ansinh.core.clock import frozen_at
from ansinh.eid import usage
from ansinh.eid.models import UsageCount, UsageEvent

METRIC = "test_concurrency"


@pytest.fixture()
def committed(engine: Engine) -> Iterator[Engine]:
    """The engine, for writers that commit; their rows are removed afterwards."""
    yield engine
    with Session(engine) as cleanup:
        cleanup.execute(delete(UsageEvent).where(UsageEvent.metric == METRIC))
        cleanup.execute(delete(UsageCount).where(UsageCount.metric == METRIC))
        cleanup.commit()


def _count_and_commit(engine: Engine) -> None:
    with Session(engine) as session:
        session.execute(text("SET LOCAL lock_timeout = '500ms'"))
        usage.count(db_session=session, metric=METRIC)
        session.commit()


def test_a_writer_does_not_wait_for_an_open_transaction_that_counted(committed: Engine) -> None:
    with Session(committed) as open_transaction:
        usage.count(db_session=open_transaction, metric=METRIC)  # not committed yet
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda _: _count_and_commit(committed), range(16)))
        open_transaction.commit()
    with Session(committed) as reader:
        assert usage.total(db_session=reader, metric=METRIC) == 17


def test_compacting_keeps_every_count(db_session: Session) -> None:
    with frozen_at(date(2026, 12, 1)):
        for _ in range(3):
            usage.count(db_session=db_session, metric=METRIC)
    with frozen_at(date(2026, 12, 2)):
        usage.count(db_session=db_session, metric=METRIC)
        usage.compact(db_session=db_session)
        usage.count(db_session=db_session, metric=METRIC)
    days = usage.daily(db_session=db_session, metric=METRIC, since=date(2026, 12, 1))
    assert days == {date(2026, 12, 1): 3, date(2026, 12, 2): 2}
    assert usage.total(db_session=db_session, metric=METRIC) == 5
