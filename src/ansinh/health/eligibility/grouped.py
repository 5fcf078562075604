"""Grouped lookups: the clinic checks that reach the lookup in one turn of the event loop share one
SELECT.

A check's lookup is queued, and the first one queued in a turn schedules the group to be sent at
the end of that turn (`call_soon`), so every check parsed in the same turn joins it without
waiting for anything. The group goes out as one statement: the single-check statement of
`service` applied to each (key, visit date) pair of a JSON array by a LATERAL join (an index
lookup per pair, whatever the group's size), its rows tagged with the pair's position. One round
trip and one statement's driver work then serve several checks; under load the group commit of
the check log releases answers together, so the next checks tend to arrive together too. Lookups
by card code (a different statement, rare on the hot path) are sent on their own.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from psycopg import AsyncConnection

from ansinh.core.apool import AsyncPool, read_with
from ansinh.health.eligibility.service import (
    SQL_BY_PERSONAL_ID,
    SQL_BY_SI_NUMBER,
    CardQuery,
    Found,
    found_in,
    lookup_async,
)

_Waiting = tuple[CardQuery, date, "asyncio.Future[Found]"]


def _grouped(single: str) -> str:
    """The single-check statement run for each (key, visit date) pair of a JSON array."""
    per_pair = single.replace("%(key)s", "(q.pair ->> 0)").replace("%(on)s", "(q.pair ->> 1)")
    assert "%(" not in per_pair, "the single-check statement takes a parameter a pair lacks"
    return (
        "SELECT q.n, found.* FROM jsonb_array_elements(%(pairs)s::jsonb) WITH ORDINALITY"
        f" AS q(pair, n) CROSS JOIN LATERAL ({per_pair}) AS found"
    )


_GROUPED = {"personal_id": _grouped(SQL_BY_PERSONAL_ID), "si_number": _grouped(SQL_BY_SI_NUMBER)}
_GROUPED["chip"] = _GROUPED["personal_id"]


class GroupedLookup:
    """The hot path's lookup on the app's async pool, grouping the checks of one loop turn."""

    def __init__(self, pool: AsyncPool) -> None:
        self._pool = pool
        self._waiting: dict[str, list[_Waiting]] = defaultdict(list)
        self._scheduled = False
        self._sending: set[asyncio.Task[None]] = set()

    async def __call__(self, query: CardQuery, on: date) -> Found:
        """Find the person and cards for `query` (see `service.lookup`)."""
        if query.kind not in _GROUPED:
            return await read_with(self._pool, partial(_one, query=query, on=on))
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Found] = loop.create_future()
        self._waiting[query.kind].append((query, on, answer))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._send)
        return await answer

    def _send(self) -> None:
        self._scheduled = False
        waiting, self._waiting = self._waiting, defaultdict(list)
        for kind, group in waiting.items():
            task = asyncio.create_task(self._answer(kind, group))
            self._sending.add(task)  # held until done: the loop keeps only weak references
            task.add_done_callback(self._sending.discard)

    async def _answer(self, kind: str, group: list[_Waiting]) -> None:
        try:
            found = await self._fetch(kind, [(query.key, on) for query, on, _ in group])
        except Exception as exc:  # every check of the group fails as the one statement did
            for _, _, answer in group:
                if not answer.done():
                    answer.set_exception(exc)
            return
        for (_, _, answer), one in zip(group, found, strict=True):
            if not answer.done():  # not cancelled meanwhile
                answer.set_result(one)

    async def _fetch(self, kind: str, pairs: list[tuple[str, date]]) -> list[Found]:
        """What one statement finds for each (key, visit date), in order."""
        return await read_with(self._pool, partial(_fetch_group, kind=kind, pairs=pairs))


def group_statement(kind: str, pairs: list[tuple[str, date]]) -> tuple[str, dict[str, str]]:
    """The grouped lookup of `kind` ("personal_id", "chip" or "si_number") and its parameter."""
    pairs_json = json.dumps([[key, on.isoformat()] for key, on in pairs])
    return _GROUPED[kind], {"pairs": pairs_json}


def split(rows: Sequence[tuple[Any, ...]], size: int) -> list[Found]:
    """The rows of a grouped lookup as each pair's own lookup would have found them."""
    by_position: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_position[row[0]].append(row[1:])
    return [found_in(by_position.get(n, [])) for n in range(1, size + 1)]


async def _one(connection: AsyncConnection[Any], *, query: CardQuery, on: date) -> Found:
    return await lookup_async(connection=connection, query=query, on=on)


async def _fetch_group(
    connection: AsyncConnection[Any], *, kind: str, pairs: list[tuple[str, date]]
) -> list[Found]:
    cursor = await connection.execute(*group_statement(kind, pairs))
    return split(await cursor.fetchall(), len(pairs))
