"""Citizen page of payments: my pension and allowance payments, and the next one expected.

The SI number comes from the session, never the URL; the read is audited by
`payments.service.history`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ansinh.core.db import DbSession
from ansinh.payments import service as payments
from ansinh.portal.deps import OWN_READ, Citizen, citizen_actor, insured
from ansinh.portal.web import render

router = APIRouter(include_in_schema=False)


@router.get("/me/payments", response_class=HTMLResponse)
def my_payments(request: Request, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """My payments, newest first: month, amount, channel, status in words, why one came back."""
    history = payments.history(
        db_session=db, si_number=insured(viewer), actor=citizen_actor(viewer), purpose=OWN_READ
    )
    return render(request, "payments/mine.html", viewer=viewer, history=history)
