"""A job as an operator or officer sees it: task, status and its history's times."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class JobRead(BaseModel):
    """One queued, running or finished job (its arguments are not shown: they may be personal)."""

    id: int
    task: str
    status: str
    attempts: int
    queued_at: datetime | None
    scheduled_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def seconds(self) -> float | None:
        """How long the last run took, or has been running."""
        if self.started_at is None:
            return None
        end = self.finished_at or datetime.now(self.started_at.tzinfo)
        return round((end - self.started_at).total_seconds(), 1)
