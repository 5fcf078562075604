"""Payments REST API for officers' software: runs to approve and send, totals, exceptions.

A run is computed by one client and approved by another (maker-checker); sending writes the
validated pain.001 and marks the run sent — the worker posts it to the bank after the commit.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, ConfigDict, Field

from ansinh.core.db import DbSession
from ansinh.core.pagination import IdPath
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import Purpose, require
from ansinh.identity.schemas import SiNumberPath
from ansinh.payments import bank_client, channels, reconcile, runs, send, service
from ansinh.payments.schemas import (
    AccountShare,
    ChannelCreate,
    ExceptionRead,
    HistoryRead,
    RunRead,
    Totals,
)

router = APIRouter(prefix="/api/v1/payments", tags=["payments"])
Reader = Annotated[Actor, Depends(require("payments:read"))]
Runner = Annotated[Actor, Depends(require("payments:run"))]
Changer = Annotated[Actor, Depends(require("payments:channels"))]


class RunCreate(BaseModel):
    """Which run to compute: a month's (monthly) or a day's one-offs (daily), for a province."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["monthly", "daily"] = "monthly"
    period: date
    province_code: Annotated[str, Field(pattern=r"^\d{2}$")]


@router.get("/runs", response_model=list[RunRead])
def list_runs(
    db: DbSession,
    actor: Reader,  # noqa: ARG001
    run_status: Annotated[
        Literal["draft", "approved", "sent"] | None, Query(alias="status")
    ] = None,
) -> list[RunRead]:
    """The latest runs (those waiting for approval: `status=draft`)."""
    return [RunRead.model_validate(r) for r in runs.list_runs(db_session=db, status=run_status)]


@router.post("/runs", response_model=RunRead, status_code=status.HTTP_201_CREATED)
def compute_run(body: RunCreate, db: DbSession, actor: Runner) -> RunRead:
    """Compute a run (or return it as it is, if it was computed before)."""
    run = runs.compute(
        db_session=db,
        kind=body.kind,
        period=body.period,
        province_code=body.province_code,
        actor=actor,
    )
    return RunRead.model_validate(run)


@router.post("/runs/{run_id}/approve", response_model=RunRead)
def approve_run(run_id: IdPath, db: DbSession, actor: Runner) -> RunRead:
    """Approve a run computed by someone else; it is frozen from then on."""
    return RunRead.model_validate(runs.approve(db_session=db, run_id=run_id, actor=actor))


@router.post("/runs/{run_id}/send", response_model=RunRead)
def send_run(run_id: IdPath, db: DbSession, actor: Runner) -> RunRead:  # noqa: ARG001
    """Write and validate an approved run's pain.001; the worker posts it to the bank."""
    return RunRead.model_validate(send.prepare(db_session=db, run_id=run_id))


@router.get("/runs/{run_id}/totals", response_model=Totals)
def run_totals(run_id: IdPath, db: DbSession, actor: Reader) -> Totals:  # noqa: ARG001
    """The run's money by state: instructed = booked + paid + rejected + returned + in flight."""
    runs.get_run_by_id(db_session=db, run_id=run_id)
    return reconcile.totals(db_session=db, run_id=run_id)


@router.get("/exceptions", response_model=list[ExceptionRead])
def list_exceptions(
    db: DbSession,
    actor: Reader,  # noqa: ARG001
    work_status: Annotated[Literal["open", "resolved"], Query(alias="status")] = "open",
) -> list[ExceptionRead]:
    """Rejected and returned payments to work, oldest first."""
    found = service.exceptions(db_session=db, status=work_status)
    return [ExceptionRead.model_validate(e) for e in found]


@router.get("/persons/{si_number}/payments", response_model=HistoryRead)
def person_payments(
    si_number: SiNumberPath, db: DbSession, actor: Reader, purpose: Purpose
) -> HistoryRead:
    """A beneficiary's payments and the next one expected (the read is audited)."""
    return service.history(db_session=db, si_number=si_number, actor=actor, purpose=purpose)


@router.put("/persons/{si_number}/channel", status_code=status.HTTP_204_NO_CONTENT)
def set_channel(
    si_number: SiNumberPath, body: ChannelCreate, db: DbSession, actor: Changer, purpose: Purpose
) -> None:
    """Set where a beneficiary is paid from a payroll month; an account is checked with the bank."""
    db.commit()  # hand the connection back while the bank answers: no transaction waits on it
    answer = channels.inquire(change=body, bank=bank_client.connect())
    channels.set_channel(
        db_session=db,
        si_number=si_number,
        change=body,
        bank=answer,
        actor=actor,
        purpose=purpose,
        source="officer",
    )


@router.get("/figures/accounts", response_model=AccountShare)
def accounts_share(db: DbSession, actor: Reader, month: date) -> AccountShare:  # noqa: ARG001
    """Share of monthly beneficiaries paid into an account in `month`, urban and rural."""
    return service.account_share(db_session=db, month=month)
