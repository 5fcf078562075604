"""Back office of payroll: runs by month and province with their totals, approval (freezing),
the bank's rejects and returns with the action each reason code drives, overpayments, and a
run's cash list with the beneficiaries' names and paying places.

Lists naming beneficiaries are read through the payments verbs, which audit them; a run is
approved by an officer other than the one (or the system) that computed it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.core.db import DbSession
from ansinh.core.pagination import IdPath
from ansinh.core.security.actor import Actor
from ansinh.geo import current_provinces
from ansinh.payments import service as payments
from ansinh.portal.applications import as_page
from ansinh.portal.deps import PostedForm, check_csrf, officer_with
from ansinh.portal.models import Officer, PortalSession
from ansinh.portal.roles import allowed
from ansinh.portal.web import render
from ansinh.rules.history import month_start

router = APIRouter(prefix="/officer/payments", include_in_schema=False)
OfficerSession = tuple[PortalSession, Officer]
Reader = Annotated[OfficerSession, Depends(officer_with("payments:read"))]
Checker = Annotated[OfficerSession, Depends(officer_with("payments:approve"))]
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
ProvinceQuery = Annotated[str | None, Query(pattern=r"^\d{2}$")]
WORKLIST = "officer working the payroll's exceptions"
CASH_LIST = "officer preparing a run's cash list for the post office"


def _actor(officer: Officer) -> Actor:
    return Actor(kind="officer", id=officer.username, scopes=frozenset({officer.role}))


def _month(value: str | None) -> date:
    return date.fromisoformat(f"{value}-01") if value else month_start(clock.today())


@router.get("", response_class=HTMLResponse)
def runs(
    request: Request,
    db: DbSession,
    who: Reader,
    month: MonthQuery = None,
    province: ProvinceQuery = None,
) -> HTMLResponse:
    """The month's runs by province, each with its totals and whether it balances."""
    chosen = _month(month)
    code = province or get_settings().demo_province
    found = payments.runs_of_month(db_session=db, month=chosen, province_code=code)
    return render(
        request,
        "officer/payroll_runs.html",
        viewer=who[0],
        runs=found,
        month=chosen,
        province=code,
        provinces=current_provinces(),
        can_approve=allowed(who[1].role, "payments:approve"),
    )


@router.post("/runs/{run_id}/approve")
def approve(run_id: IdPath, form: PostedForm, db: DbSession, who: Checker) -> Response:
    """Approve a computed run: it is frozen from then on (not by whoever computed it)."""
    check_csrf(who[0], form.get("csrf"))
    with as_page():
        run = payments.approve_run(db_session=db, run_id=run_id, actor=_actor(who[1]))
    back = f"/officer/payments?month={run.period:%Y-%m}&province={run.province_code}"
    return RedirectResponse(back, status_code=303)


@router.get("/exceptions", response_class=HTMLResponse)
def exceptions(request: Request, db: DbSession, who: Reader) -> HTMLResponse:
    """Rejected and returned payments with their reason and the action the reason drives."""
    lines = payments.exception_lines(db_session=db, actor=_actor(who[1]), purpose=WORKLIST)
    return render(request, "officer/payroll_exceptions.html", viewer=who[0], lines=lines)


@router.get("/overpayments", response_class=HTMLResponse)
def overpayments(request: Request, db: DbSession, who: Reader) -> HTMLResponse:
    """Payments made after a death: how much, how far recovered, and how."""
    lines = payments.overpayment_lines(db_session=db, actor=_actor(who[1]), purpose=WORKLIST)
    return render(request, "officer/payroll_overpayments.html", viewer=who[0], lines=lines)


@router.get("/runs/{run_id}/cash", response_class=HTMLResponse)
def cash(request: Request, run_id: IdPath, db: DbSession, who: Reader) -> HTMLResponse:
    """The run's cash list: each beneficiary's name, paying place, month and amount."""
    lines = payments.cash_lines(
        db_session=db, run_id=run_id, actor=_actor(who[1]), purpose=CASH_LIST
    )
    return render(request, "officer/payroll_cash.html", viewer=who[0], lines=lines, run_id=run_id)
