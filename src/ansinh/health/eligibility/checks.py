"""One clinic check end to end: a read-only lookup, the verdict, a durable log record.

Async end to end, on the event loop: the lookup is one SELECT on a connection of the app's async
pool (autocommit: no BEGIN/ROLLBACK round trips, no session, no worker thread), shared by the
checks of one loop turn (`grouped`), and the record is awaited from the group-commit writer
(`checklog`). On the hot path those round trips and thread
hops cost more than the query itself. `Checking.sessions` (sync, short, autocommit) serves the
rare key lookups of `clinic`.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from ansinh.core import clock
from ansinh.core.apool import STATE_KEY as POOL_KEY
from ansinh.core.apool import AsyncPool, conninfo
from ansinh.core.db import get_engine
from ansinh.health.eligibility.checklog import BatchWriter, CheckLog, CheckRecord, new_check_id
from ansinh.health.eligibility.grouped import GroupedLookup
from ansinh.health.eligibility.service import CardQuery, Found, Verdict, evaluate, lookup

STATE_KEY = "hi_check_log"
SessionOpener = Callable[[], AbstractContextManager[Session]]
Lookup = Callable[[CardQuery, date], Awaitable[Found]]


@asynccontextmanager
async def check_log_lifespan(_: object) -> AsyncIterator[dict[str, CheckLog]]:
    """Run the batch writer for the app's lifetime; drain it on shutdown."""
    writer = BatchWriter(conninfo(get_engine().url))
    writer.start()
    try:
        yield {STATE_KEY: writer}
    finally:
        await writer.close()


@dataclass(frozen=True, slots=True)
class Checking:
    """What a clinic check needs besides its body: the lookup, the log, sessions for key checks."""

    find: Lookup
    sink: CheckLog
    sessions: SessionOpener


@cache
def _autocommit_sessions() -> sessionmaker[Session]:
    return sessionmaker(get_engine().execution_options(isolation_level="AUTOCOMMIT"))


def session_lookup(db_session: Session) -> Lookup:
    """A lookup in a given session (tests, whose data is uncommitted)."""

    async def find(query: CardQuery, on: date) -> Found:
        return lookup(db_session=db_session, query=query, on=on)

    return find


async def checking(request: Request) -> Checking:
    """The app's check machinery, from its lifespan state (one dependency; tests swap it).

    One dependency rather than one per part: on the hot path FastAPI's solving of each
    dependency costs more than most of the check's own Python.
    """
    state = request.state
    return _checking_of(getattr(state, POOL_KEY), getattr(state, STATE_KEY))


@lru_cache(maxsize=8)
def _checking_of(pool: AsyncPool, sink: CheckLog) -> Checking:
    # One per app (its pool and writer live as long as it does): not rebuilt for every check.
    return Checking(find=GroupedLookup(pool), sink=sink, sessions=_autocommit_sessions())


Checks = Annotated[Checking, Depends(checking)]


async def log_check(
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
    await sink.record(
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


async def check_and_log(
    *,
    find: Lookup,
    sink: CheckLog,
    query: CardQuery,
    facility_code: str,
    visit_date: date,
    client_id: str,
    channel: str,
) -> tuple[Verdict, uuid.UUID]:
    """Answer a check from one lookup, then log it durably; return the verdict and check id."""
    person, cards = await find(query, visit_date)
    verdict = evaluate(
        query=query, person=person, cards=cards, visit_date=visit_date, facility_code=facility_code
    )
    check_id = await log_check(
        sink,
        verdict,
        client_id=client_id,
        channel=channel,
        key_kind=query.kind,
        facility_code=facility_code,
        visit_date=visit_date,
    )
    return verdict, check_id
