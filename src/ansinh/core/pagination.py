"""One way to page every list endpoint, and the bounded id type of every path."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Path, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
# Beyond this the offset (page × size) leaves PostgreSQL's bigint; no client pages that far.
MAX_PAGE = 10_000_000
MAX_ID = 2**63 - 1
IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Row id (a positive 64-bit integer)")]


class PageParams(BaseModel):
    """Which page the caller asked for."""

    page: int = 1
    size: int = 50

    @property
    def offset(self) -> int:
        """Rows to skip before this page."""
        return (self.page - 1) * self.size


def page_params(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1")] = 1,
    size: Annotated[int, Query(ge=1, le=500, description="Items per page")] = 50,
) -> PageParams:
    """Read and bound the paging query parameters."""
    return PageParams(page=page, size=size)


Paging = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    """A page of items with the total count."""

    items: list[T]
    total: int
    page: int
    size: int


def fetch_page(
    db_session: Session, statement: Select[Any], params: PageParams
) -> tuple[list[Any], int]:
    """Run `statement` for one page; return the rows' first entities and the total count."""
    total = db_session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = db_session.scalars(statement.offset(params.offset).limit(params.size)).all()
    return list(rows), int(total or 0)
