"""The demo's payroll: the oldest synthetic people paid a pension, into their synthetic accounts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.payments import demo, xsd
from ansinh.payments.models import Payment
from ansinh.payments.send import file_path
from ansinh.synth import generate


def test_the_demo_pays_its_pensioners_once_with_accounts_and_cash(db_session: Session) -> None:
    db_session.execute(text("DELETE FROM payment_schedules"))
    persons = generate(people=500, seed=11, province="79").persons
    assert demo.seed_pensioners(db_session=db_session, persons=persons, seed=11) == 100
    assert demo.seed_pensioners(db_session=db_session, persons=persons, seed=11) == 0
    with clock.frozen_at(date(2026, 12, 6)):
        run = demo.pay_this_month(db_session=db_session, province_code="79")
        again = demo.pay_this_month(db_session=db_session, province_code="79")
    assert (run.run_id, run.status, run.lines) == (again.run_id, "sent", 100)
    channels = dict(
        db_session.execute(
            select(Payment.channel, func.count())
            .where(Payment.run_id == run.run_id)
            .group_by(Payment.channel)
        ).all()
    )
    assert channels["account"] > channels["cash"] > 0
    assert xsd.validate(file_path(run)) == channels["account"]
