"""Declarations and the monthly close announce what they changed, in their own transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ansinh.contributions.jobs import close_months
from ansinh.core.events.models import OutboxEvent
from tests.contributions.conftest import declare
from tests.contributions.declarations.test_declarations_api import HIRE


def _payloads(db_session: Session, name: str) -> list[dict[str, Any]]:
    return list(db_session.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == name)))


def test_a_declaration_records_one_event_per_hire_and_leaver_set_based(
    client: TestClient, headers: dict[str, str], employer: str, worker: str, db_session: Session
) -> None:
    before = len(_payloads(db_session, "EmploymentStarted"))
    leaver = {"kind": "decrease", "unit_code": employer, "si_number": worker}
    lines = [leaver | {"effective_date": "2026-09-04"}, HIRE]
    assert declare(client, headers, "2026-11", *lines).status_code == 201
    [ended] = _payloads(db_session, "EmploymentEnded")
    assert (ended["si_number"], ended["end_date"]) == (worker, "2026-09-04")
    started = _payloads(db_session, "EmploymentStarted")[before:]
    assert [s["start_date"] for s in started] == [HIRE["effective_date"]]
    assert started[0]["si_number"] != worker and started[0]["unit_code"] == employer
    batches = db_session.execute(
        text("SELECT count(DISTINCT batch_id) FROM outbox_events WHERE name LIKE 'Employment%'")
    ).scalar_one()
    jobs = db_session.execute(
        text("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'events:dispatch'")
    ).scalar_one()
    assert jobs >= batches  # every set has its dispatch job, queued in the same transaction


def test_closing_months_announces_each_month_settled(db_session: Session, employer: str) -> None:
    close_months(db_session=db_session, first=date(2026, 9, 1), through=date(2026, 10, 1))
    months = [p["month"] for p in _payloads(db_session, "ContributionMonthSettled")]
    assert months == ["2026-09-01", "2026-10-01"]
