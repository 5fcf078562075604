"""/partners/v1/citizen/payments: the e-ID app shows the citizen's pension and benefit payments.

Least data: the citizen's own payments only (from their token, never a parameter), each one's
month, pay date, amount, channel, state and failure reason, and the next payment; no account
number, payment identifier or schedule. The read is audited by `payments.service.history`.
"""

from __future__ import annotations

from fastapi import APIRouter

from ansinh.core.db import DbSession
from ansinh.eid import usage
from ansinh.partners.schemas import CitizenPaymentRead, CitizenPaymentsRead
from ansinh.partners.service import PAYMENTS_SCOPE, authorised_si_number
from ansinh.partners.views import PURPOSE, CitizenToken, Eid, EidApp
from ansinh.payments import service as payments

router = APIRouter(prefix="/partners/v1", tags=["partners"])
NEWEST = 24


@router.get("/citizen/payments", response_model=CitizenPaymentsRead)
def citizen_payments(
    db: DbSession, app: EidApp, eid: Eid, token: CitizenToken
) -> CitizenPaymentsRead:
    """The citizen's 24 newest payments and the next one (needs consent to `vss.payments`)."""
    si_number = authorised_si_number(
        db_session=db, eid=eid, actor=app, citizen_token=token, scope=PAYMENTS_SCOPE
    )
    history = payments.history(db_session=db, si_number=si_number, actor=app, purpose=PURPOSE)
    usage.count(db_session=db, metric=usage.EID_APP_QUERIES)
    upcoming = history.next_payment
    return CitizenPaymentsRead(
        payments=[
            CitizenPaymentRead(
                month=p.month,
                pay_date=p.pay_date,
                amount=p.amount,
                channel=p.channel,
                status=p.status,
                reason=p.reason,
            )
            for p in history.payments[:NEWEST]
        ],
        next_month=upcoming.month if upcoming else None,
        next_pay_date=upcoming.pay_date if upcoming else None,
        next_amount=upcoming.amount if upcoming else None,
    )
