"""A one-off is paid where its claim said: another holder's account, or cash; else the channel."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service as claims
from ansinh.benefits.claims.enums import ClaimantKind
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.core.clock import today
from ansinh.payments import runs
from ansinh.payments.models import Payment
from tests.benefits.claims.conftest import EMPLOYER, MAKER, UNIT, Insure, insure  # noqa: F401
from tests.deliver import deliver_recorded

ACCOUNT = {"account_bin": "970436", "account_number": "0123456789"}


@pytest.mark.parametrize(
    ("receipt", "expected"),
    [
        (
            {"channel": "account", **ACCOUNT, "account_holder": "Trần Văn Hiếu"},
            ("account", "970436", "0123456789", "Trần Văn Hiếu"),
        ),
        (
            {"channel": "account", **ACCOUNT},
            ("account", "970436", "0123456789", "Nguyễn Thị Test"),
        ),
        ({"channel": "cash"}, ("cash", None, None, "Nguyễn Thị Test")),
    ],
    ids=["another holder's account", "own account", "cash"],
)
def test_a_one_off_is_paid_where_its_claim_said(
    db_session: Session,
    insure: Insure,  # noqa: F811
    receipt: dict[str, str],
    expected: tuple[str, str | None, str | None, str],
) -> None:
    si = insure()
    line = ClaimLine(
        si_number=si,
        branch="contraception",
        period_from=date(2026, 11, 3),
        facts={"method": "iud"},
        **receipt,
    )
    claims.file_claims(
        db_session,
        lines=[line],
        claimant_kind=ClaimantKind.EMPLOYER,
        received_on=date(2026, 11, 10),
        unit_code=UNIT,
        actor=EMPLOYER,
        purpose="employer claim list",
    )
    assert deliver_recorded(db_session) > 0
    runs.compute(
        db_session=db_session, kind="daily", period=today(), province_code="79", actor=MAKER
    )
    payment = db_session.scalars(select(Payment).where(Payment.si_number == si)).one()
    assert (payment.channel, payment.bank_bin, payment.account_number, payment.holder) == expected
