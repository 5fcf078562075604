"""The payroll's jobs: one compute job per province and kind, the file validated apart."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ansinh.payments import jobs, runs, send
from ansinh.payments.models import Payment, shown_status
from tests.payments.conftest import (
    CHECKER,
    MAKER,
    PROVINCE,
    make_person,
    make_schedule,
    pay_into_account,
)

DECEMBER = date(2026, 12, 1)  # a Tuesday: the month's first working day


@pytest.fixture(autouse=True)
def in_the_test_transaction(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """The jobs' own transactions run inside the test's rolled-back one."""

    @contextmanager
    def _unit_of_work() -> Iterator[Session]:
        yield db_session

    monkeypatch.setattr(jobs, "unit_of_work", _unit_of_work)


def _queued(db_session: Session, task: str) -> list[dict[str, object]]:
    rows = db_session.execute(
        text("SELECT args FROM procrastinate_jobs WHERE task_name = :task ORDER BY id"),
        {"task": task},
    ).scalars()
    return list(rows)


def test_the_payroll_day_queues_one_compute_job_per_province_and_kind(db_session: Session) -> None:
    for province in (PROVINCE, "01"):
        person = make_person(db_session)
        make_schedule(db_session, person, province_code=province)
    before = len(_queued(db_session, jobs.COMPUTE))
    assert jobs.payroll_day(db_session=db_session, day=DECEMBER) >= 4
    queued = _queued(db_session, jobs.COMPUTE)[before:]
    mine = [(a["province_code"], a["kind"], a["period"]) for a in queued]
    assert (PROVINCE, "monthly", "2026-12-01") in mine and ("01", "monthly", "2026-12-01") in mine
    assert (PROVINCE, "daily", "2026-12-01") in mine
    later = len(_queued(db_session, jobs.COMPUTE))
    jobs.payroll_day(db_session=db_session, day=date(2026, 12, 2))
    assert all(a["kind"] == "daily" for a in _queued(db_session, jobs.COMPUTE)[later:])


def test_a_compute_job_run_twice_computes_the_run_once(db_session: Session) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    make_schedule(db_session, person, start=DECEMBER, granted_on=DECEMBER)
    args = {"kind": "monthly", "period": "2026-12-01", "province_code": PROVINCE}
    first = jobs.compute_run(**args, actor=MAKER)
    assert jobs.compute_run(**args, actor=MAKER) == first
    lines = db_session.scalars(select(Payment.month).where(Payment.run_id == first)).all()
    assert lines == [DECEMBER]


def test_a_written_file_is_validated_by_its_own_job_then_the_run_is_sent(
    db_session: Session,
) -> None:
    person = make_person(db_session)
    pay_into_account(db_session, person)
    make_schedule(db_session, person, start=DECEMBER, granted_on=DECEMBER)
    run_id = jobs.compute_run(
        kind="monthly", period="2026-12-01", province_code=PROVINCE, actor=MAKER
    )
    runs.approve(db_session=db_session, run_id=run_id, actor=CHECKER)
    assert jobs.write_run(db_session=db_session, run_id=run_id) == 1
    (queued,) = [a for a in _queued(db_session, jobs.SEND_FILE) if a["run_id"] == run_id]
    run = runs.get_run_by_id(db_session=db_session, run_id=run_id)
    assert run.status == "approved" and send.part_path(run).exists()
    assert jobs.send_file(run_id=run_id, lines=int(str(queued["lines"]))) == "sent"
    run = runs.get_run_by_id(db_session=db_session, run_id=run_id)
    assert send.file_path(run).exists() and not send.part_path(run).exists()
    status = db_session.scalar(select(Payment.status).where(Payment.run_id == run_id))
    assert shown_status(str(status), run.status) == "instructed"
    assert jobs.send_file(run_id=run_id, lines=1) == "sent"  # a retried job changes nothing
