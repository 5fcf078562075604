"""Follow the population register's change feed: names and residences corrected here too.

Each page is fetched over HTTP outside any transaction, then applied with the cursor's advance in
one transaction, so a crash between pages repeats at most one page (its updates are idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.db import unit_of_work
from ansinh.geo import find_province
from ansinh.linkage.models import FeedCursor
from ansinh.linkage.register_client import RegisterClient
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonUpdate

FEED = "population_register"
PAGE_SIZE = 1_000


@dataclass(frozen=True)
class FeedProgress:
    """What one run of the feed did: changes applied here, changes about nobody we insure."""

    applied: int
    ignored: int
    after: int


def follow_change_feed(*, register: RegisterClient, page_size: int = PAGE_SIZE) -> FeedProgress:
    """Apply the register's changes since the cursor, page by page, until the feed is drained."""
    applied = ignored = 0
    while True:
        with unit_of_work() as db_session:
            after = _cursor(db_session).after
        page = register.changes(after=after, limit=page_size)
        with unit_of_work() as db_session:
            cursor = _cursor(db_session, lock=True)
            if cursor.after != after:  # another run applied this page meanwhile
                continue
            for change in page["items"]:
                if _apply(db_session, change):
                    applied += 1
                else:
                    ignored += 1
            cursor.after = int(page["next_after"])
        if len(page["items"]) < page_size:
            return FeedProgress(applied=applied, ignored=ignored, after=cursor.after)


def _cursor(db_session: Session, *, lock: bool = False) -> FeedCursor:
    statement = select(FeedCursor).where(FeedCursor.feed == FEED)
    cursor = db_session.scalar(statement.with_for_update() if lock else statement)
    if cursor is None:
        cursor = FeedCursor(feed=FEED, after=0)
        db_session.add(cursor)
        db_session.flush()
    return cursor


def _apply(db_session: Session, change: dict[str, Any]) -> bool:
    """Update the registry for a name or residence change; False if it concerns nobody here."""
    update = _update_of(change)
    if update is None:
        return False
    person = registry.update_from_register(
        db_session=db_session, personal_id=change["personal_id"], person_in=update
    )
    return person is not None


def _update_of(change: dict[str, Any]) -> PersonUpdate | None:
    detail = change["detail"]
    try:
        if change["kind"] == "name":
            return PersonUpdate(full_name=detail["full_name"])
        if change["kind"] == "residence":
            moved: dict[str, str] = {}
            if detail.get("province"):
                moved["province_code"] = find_province(detail["province"]).code
            if detail.get("address"):
                moved["address"] = detail["address"]
            return PersonUpdate.model_validate(moved) if moved else None
    except (ValidationError, LookupError, ValueError):
        return None  # a value our registry cannot hold is left for the batch reconciliation
    return None  # births and deaths: the life-events domain's inbox will take them
