"""Cash goes to the post office as a list and comes back paid or unpaid; unpaid is paid again."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.core.errors import Unprocessable
from ansinh.payments import cash, reconcile, runs
from ansinh.payments.models import Payment, Schedule
from tests.payments.conftest import MAKER, PROVINCE, make_person, make_schedule, pay_in_cash

DECEMBER = date(2026, 12, 1)


def test_the_post_office_list_and_its_answers(db_session: Session) -> None:
    people = [make_person(db_session) for _ in range(2)]
    for person in people:
        pay_in_cash(db_session, person)
        make_schedule(db_session, person, start=DECEMBER, granted_on=DECEMBER)
    run = runs.compute(
        db_session=db_session, kind="monthly", period=DECEMBER, province_code=PROVINCE, actor=MAKER
    )
    listed = io.StringIO()
    assert cash.write_list(db_session=db_session, run_id=run.run_id, out=listed) == 2
    rows = listed.getvalue().splitlines()
    assert rows[0] == "end_to_end_id,si_number,month,amount,place"
    paid, unpaid = (row.split(",")[0] for row in rows[1:])
    answers = io.StringIO(f"end_to_end_id,outcome\n{paid},paid\n{unpaid},unpaid\n{paid},paid\n")
    assert cash.read_answers(db_session=db_session, answers=answers) == 2
    states = {
        row[0]: row[1] for row in db_session.execute(select(Payment.end_to_end_id, Payment.status))
    }
    assert (states[paid], states[unpaid]) == ("paid_cash", "unpaid_cash")
    totals = reconcile.totals(db_session=db_session, run_id=run.run_id)
    assert (totals.paid_cash, totals.rejected, totals.balanced) == (5_000_000, 5_000_000, True)
    unpaid_payment = db_session.scalars(
        select(Payment).where(Payment.end_to_end_id == unpaid)
    ).one()
    schedule = db_session.get_one(Schedule, unpaid_payment.schedule_id, populate_existing=True)
    assert schedule.arrears_from == DECEMBER  # paid again by the next run


def test_a_bad_answer_line_is_refused_with_its_number(db_session: Session) -> None:
    with pytest.raises(Unprocessable, match="line 3"):
        cash.read_answers(
            db_session=db_session, answers=io.StringIO("end_to_end_id,outcome\nA,paid\nB,lost\n")
        )


def test_the_report_command_names_an_unknown_run(database_url: str) -> None:
    from ansinh.cli import app

    result = CliRunner().invoke(app, ["payroll", "report", "999999999"])
    assert result.exit_code == 1 and "no such payroll run" in result.output
