"""The scorecard's share of monthly beneficiaries paid into an account, from the data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.payments import service
from tests.payments.conftest import make_person, make_schedule, pay_in_cash, pay_into_account


def test_the_share_paid_into_accounts_is_counted_by_area(db_session: Session) -> None:
    db_session.execute(text("UPDATE payment_schedules SET status = 'ended'"))
    for i, (area, account) in enumerate(
        [("urban", True), ("urban", True), ("urban", False), ("rural", True)]
    ):
        person = make_person(db_session)
        if account:
            pay_into_account(db_session, person, account=f"00112233{i:02d}")
        else:
            pay_in_cash(db_session, person)
        make_schedule(db_session, person, area=area)
    share = service.account_share(db_session=db_session, month=date(2026, 12, 1))
    assert (share.urban, share.rural, share.overall) == (66.7, 100.0, 75.0)
