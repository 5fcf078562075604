"""One clinic check end to end: a read-only lookup, the verdict, a durable log record.

The lookup runs in its own short session rather than the request's `DbSession`: it is one
SELECT with nothing to commit (the log writer commits the check record), so it runs in
autocommit (no BEGIN/ROLLBACK round trips), and opening it inside the single worker-thread call
of an async endpoint saves the two thread hops a generator dependency costs. On the hot path
those round trips and hops cost more than the query itself.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager
from datetime import date
from functools import cache
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from ansinh.core import clock
from ansinh.core.db import get_engine
from ansinh.health.eligibility.checklog import BatchWriter, CheckLog, CheckRecord, new_check_id
from ansinh.health.eligibility.service import CardQuery, Verdict, check_eligibility

STATE_KEY = "hi_check_log"
SessionOpener = Callable[[], AbstractContextManager[Session]]


@asynccontextmanager
async def check_log_lifespan(_: object) -> AsyncIterator[dict[str, CheckLog]]:
    """Run the batch writer for the app's lifetime; drain it on shutdown."""
    writer = BatchWriter(get_engine())
    writer.start()
    try:
        yield {STATE_KEY: writer}
    finally:
        writer.close()


async def check_log(request: Request) -> CheckLog:
    """The app's check log (a dependency, so tests can swap it)."""
    sink: CheckLog = getattr(request.state, STATE_KEY)
    return sink


@cache
def _autocommit_sessions() -> sessionmaker[Session]:
    return sessionmaker(get_engine().execution_options(isolation_level="AUTOCOMMIT"))


async def read_sessions() -> SessionOpener:
    """Opens short read-only sessions (a dependency, so tests can hand their own)."""
    return _autocommit_sessions()


CheckLogSink = Annotated[CheckLog, Depends(check_log)]
ReadSessions = Annotated[SessionOpener, Depends(read_sessions)]


def log_check(
    sink: CheckLog,
    verdict: Verdict,
    *,
    client_id: str,
    channel: str,
    key_kind: str,
    facility_code: str,
    visit_date: date,
    clerk_id: int | None = None,
) -> uuid.UUID:
    """Record one check (durably: see `checklog`) and return its id."""
    check_id = new_check_id()
    sink.record(
        CheckRecord(
            check_id=check_id,
            checked_at=clock.now(),
            facility_code=facility_code,
            client_id=client_id,
            clerk_id=clerk_id,
            channel=channel,
            key_kind=key_kind,
            si_number=verdict.subject,
            card_id=verdict.card.card_id if verdict.card else None,
            visit_date=visit_date,
            result_code=verdict.result.code,
        )
    )
    return check_id


def check_and_log(
    *,
    sessions: SessionOpener,
    sink: CheckLog,
    query: CardQuery,
    facility_code: str,
    visit_date: date,
    client_id: str,
    channel: str,
) -> tuple[Verdict, uuid.UUID]:
    """Answer a check from a short read-only session, then log it; blocking (run in a thread)."""
    with sessions() as db_session:
        verdict = check_eligibility(
            db_session=db_session, query=query, visit_date=visit_date, facility_code=facility_code
        )
    check_id = log_check(
        sink,
        verdict,
        client_id=client_id,
        channel=channel,
        key_kind=query.kind,
        facility_code=facility_code,
        visit_date=visit_date,
    )
    return verdict, check_id
