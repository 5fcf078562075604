"""Back office: the job queue's recent history (scheduled work, event dispatch), for supervisors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ansinh.core.db import DbSession
from ansinh.core.i18n import N_
from ansinh.core.jobs.service import recent_jobs
from ansinh.portal.deps import officer_with
from ansinh.portal.models import Officer, PortalSession
from ansinh.portal.web import render

router = APIRouter(prefix="/officer", include_in_schema=False)
Supervisor = Annotated[tuple[PortalSession, Officer], Depends(officer_with("officers:read"))]
TASKS = {
    "events:dispatch": N_("Deliver domain events"),
    "events:redeliver": N_("Retry an event delivery"),
    "linkage:follow_feed": N_("Follow the population register's changes"),
    "linkage:reconcile": N_("Reconcile with the population register"),
    "contributions:close_month": N_("Close last month's contributions"),
    "portal:sweep_sessions": N_("Remove expired sessions"),
    "payments:payroll": N_("Queue the day's payroll runs"),
    "payments:compute_run": N_("Compute a province's payroll run"),
    "payments:send_file": N_("Validate a payment file and send it"),
}
STATUSES = {
    "todo": N_("Waiting"),
    "doing": N_("Running"),
    "succeeded": N_("Done"),
    "failed": N_("Failed"),
    "cancelled": N_("Cancelled"),
    "aborted": N_("Aborted"),
}


@router.get("/jobs", response_class=HTMLResponse)
def jobs(request: Request, db: DbSession, who: Supervisor) -> HTMLResponse:
    """The latest jobs with their status and times (no arguments: they may name persons)."""
    return render(
        request,
        "officer/jobs.html",
        viewer=who[0],
        jobs=recent_jobs(db_session=db, limit=100),
        tasks=TASKS,
        statuses=STATUSES,
    )
