"""Grouped lookups: each check of a group gets what its own lookup would find; one statement per
loop turn and kind; a failed statement fails every check of its group."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ansinh.core.apool import conninfo
from ansinh.core.db import driver_connection
from ansinh.health.eligibility.grouped import GroupedLookup, group_statement, split
from ansinh.health.eligibility.service import CardQuery, Found, lookup
from tests.health.conftest import make_card

DAY = date(2026, 6, 1)


def test_a_group_finds_for_each_check_what_its_own_lookup_finds(
    db_session: Session, make_insured: Any
) -> None:
    lan, minh = make_insured(), make_insured()
    make_card(
        db_session,
        minh.person,
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
        replaced_by=minh.card.card_id,
    )
    unknown = "079185999999"
    keys = [lan.personal_id, unknown, minh.personal_id, lan.personal_id]
    days = [DAY, DAY, date(2025, 6, 1), DAY]

    statement, params = group_statement("personal_id", list(zip(keys, days, strict=True)))
    rows = driver_connection(db_session.connection()).execute(statement, params).fetchall()
    found = split(rows, len(keys))

    alone = [
        lookup(db_session=db_session, query=CardQuery("personal_id", key), on=day)
        for key, day in zip(keys, days, strict=True)
    ]
    assert found == alone
    assert found[1] == (None, [])
    assert len(found[2][1]) == 2  # the current card and the one in force on the visit day


def test_a_group_by_si_number_finds_the_same(db_session: Session, make_insured: Any) -> None:
    lan = make_insured()
    statement, params = group_statement("si_number", [(lan.person.si_number, DAY)])
    rows = driver_connection(db_session.connection()).execute(statement, params).fetchall()
    query = CardQuery("si_number", lan.person.si_number)
    assert split(rows, 1) == [lookup(db_session=db_session, query=query, on=DAY)]


class _Counted(GroupedLookup):
    """Counts the statements sent and the checks each served."""

    def __init__(self, pool: Any) -> None:
        super().__init__(pool)
        self.groups: list[tuple[str, int]] = []

    async def _fetch(self, kind: str, pairs: list[tuple[str, date]]) -> list[Found]:
        self.groups.append((kind, len(pairs)))
        return await super()._fetch(kind, pairs)


def _queries() -> list[CardQuery]:
    # Unknown persons: the pool's connections see only committed data.
    return [
        CardQuery("personal_id", "079185999991"),
        CardQuery("si_number", "9899999991"),
        CardQuery("personal_id", "079185999992"),
        CardQuery("chip", "079185999993", full_name="An", date_of_birth=date(1985, 1, 1)),
    ]


def test_the_checks_of_one_loop_turn_share_one_statement_per_kind(engine: Engine) -> None:
    async def run() -> tuple[list[Found], list[tuple[str, int]]]:
        async with AsyncConnectionPool(
            conninfo(engine.url), min_size=1, max_size=2, kwargs={"autocommit": True}
        ) as pool:
            grouped = _Counted(pool)
            found = await asyncio.gather(*(grouped(q, DAY) for q in _queries()))
            return found, grouped.groups

    found, groups = asyncio.run(run())
    assert found == [(None, [])] * 4
    assert sorted(groups) == [("chip", 1), ("personal_id", 2), ("si_number", 1)]


def test_a_failed_statement_fails_every_check_of_its_group(engine: Engine) -> None:
    async def run() -> list[BaseException | Found]:
        pool = AsyncConnectionPool(conninfo(engine.url), min_size=0, max_size=1, open=False)
        grouped = GroupedLookup(pool)  # never opened: every statement fails
        return await asyncio.gather(*(grouped(q, DAY) for q in _queries()), return_exceptions=True)

    outcomes = asyncio.run(run())
    assert all(isinstance(o, Exception) for o in outcomes)


@pytest.mark.parametrize("kind", ["personal_id", "chip", "si_number"])
def test_every_grouped_kind_has_a_statement(kind: str) -> None:
    statement, params = group_statement(kind, [("1", DAY)])
    assert "LATERAL" in statement and params == {"pairs": '[["1", "2026-06-01"]]'}
