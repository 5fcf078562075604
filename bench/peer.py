"""The benchmark's peer: a bare FastAPI app doing what the clinic check does, with nothing else.

`POST /check` takes a personal ID and a facility code, runs the same indexed lookup as the clinic
check (person by personal ID, current card, facility name) and INSERTs one `hi_checks` row, then
commits, once per request, on a psycopg async pool: no authentication, rate limit, audit event,
verdict or group commit. `GET /ping` answers a constant. Served by `bench/eligibility.py` with the
same uvicorn as the platform: `uvicorn bench.peer:app` with `PEER_DATABASE_URL` set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

from fastapi import FastAPI, Request
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

LOOKUP = """
SELECT p.si_number, p.full_name, p.date_of_birth, c.card_id, c.valid_from, c.valid_to,
       c.status, f.name
FROM persons p
LEFT JOIN hi_cards c ON c.si_number = p.si_number AND c.replaced_by IS NULL
LEFT JOIN hi_facilities f ON f.code = c.facility_code
WHERE p.personal_id = %(key)s
"""
INSERT = """
INSERT INTO hi_checks (check_id, checked_at, facility_code, client_id, channel, key_kind,
                       si_number, card_id, visit_date, result_code)
VALUES (%(check_id)s, %(at)s, %(facility)s, 'peer', 'api', 'personal_id', %(si)s, %(card)s,
        %(day)s, %(code)s)
"""


class CheckIn(BaseModel):
    """What a clinic sends."""

    personal_id: str
    facility_code: str


class CheckOut(BaseModel):
    """What it gets back."""

    check_id: uuid.UUID
    found: bool
    full_name: str | None = None
    valid_to: date | None = None
    facility_name: str | None = None


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """One async pool for the process."""
    url = os.environ["PEER_DATABASE_URL"]
    async with AsyncConnectionPool(url, min_size=4, max_size=16, open=False) as pool:
        app.state.pool = pool
        yield


app = FastAPI(lifespan=lifespan)


@app.get("/ping")
async def ping() -> dict[str, str]:
    """A constant."""
    return {"status": "ok"}


@app.post("/check")
async def check(body: CheckIn, request: Request) -> CheckOut:
    """Look the person up, log the check, commit, answer."""
    pool: AsyncConnectionPool[Any] = request.app.state.pool
    check_id = uuid.uuid4()
    async with pool.connection() as connection:  # commits on leaving
        cursor = await connection.execute(LOOKUP, {"key": body.personal_id})
        row = await cursor.fetchone()
        await connection.execute(
            INSERT,
            {
                "check_id": check_id,
                "at": datetime.now(UTC),
                "facility": body.facility_code,
                "si": row[0] if row else None,
                "card": row[3] if row else None,
                "day": date.today(),
                "code": "000" if row and row[3] else "050",
            },
        )
    if row is None:
        return CheckOut(check_id=check_id, found=False)
    return CheckOut(
        check_id=check_id, found=True, full_name=row[1], valid_to=row[5], facility_name=row[7]
    )
