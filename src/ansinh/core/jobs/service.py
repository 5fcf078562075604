"""Reads of the job queue's history for operators and officers."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.jobs.schemas import JobRead

_RECENT = text(
    """
    SELECT j.id, j.task_name AS task, j.status::text AS status, j.attempts, j.scheduled_at,
           min(e.at) FILTER (WHERE e.type = 'deferred') AS queued_at,
           max(e.at) FILTER (WHERE e.type = 'started') AS started_at,
           max(e.at) FILTER (WHERE e.type IN ('succeeded', 'failed', 'cancelled', 'aborted'))
               AS finished_at
    FROM procrastinate_jobs j LEFT JOIN procrastinate_events e ON e.job_id = j.id
    WHERE (CAST(:task AS text) IS NULL OR j.task_name = :task)
    GROUP BY j.id ORDER BY j.id DESC LIMIT :limit
    """
)


def recent_jobs(*, db_session: Session, limit: int = 50, task: str | None = None) -> list[JobRead]:
    """The latest jobs (optionally of one task), newest first, with when each ran."""
    rows = db_session.execute(_RECENT, {"limit": limit, "task": task}).mappings().all()
    return [JobRead.model_validate(dict(row)) for row in rows]
