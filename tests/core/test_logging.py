"""Issue 18 item 9: no log line carries a person's data, whatever fails.

Root logging is captured at DEBUG (so SQLAlchemy's statement log is on too) while a real route
hits a unique violation, a route fails on a statement that quotes a personal ID, and the server
logs an unhandled error; the person's ID, name and birth date must appear nowhere.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.db import DbSession, get_engine
from ansinh.core.logging import configure_logging
from ansinh.identity import build_personal_id
from ansinh.registry.models import Person

BORN = date(1979, 8, 23)
PERSONAL_ID = build_personal_id(
    birth_registration_code="001", sex="F", birth_year=1979, serial=7731
)
NAME = "Đặng Thị Hồng Nhung"
SECRETS = (PERSONAL_ID, NAME, BORN.isoformat(), BORN.strftime("%d/%m/%Y"))


@pytest.fixture()
def everything(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Capture every log record of every logger, down to DEBUG (SQLAlchemy's statements too)."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")
    return caplog


def _leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [s for s in SECRETS if s in caplog.text]


def test_the_engine_never_logs_or_quotes_parameters() -> None:
    assert get_engine().hide_parameters


def test_a_unique_violation_through_the_registry_api_logs_no_personal_data(
    everything: pytest.LogCaptureFixture,  # first: the test's connection then logs statements
    client: TestClient,
    db_session: Session,
    officer_headers: dict[str, str],
) -> None:
    db_session.add(
        Person(
            si_number="0199007731",
            personal_id=PERSONAL_ID,
            full_name=NAME,
            date_of_birth=BORN,
            sex="F",
        )
    )
    db_session.flush()
    body = {
        "personal_id": PERSONAL_ID,
        "full_name": NAME,
        "date_of_birth": BORN.isoformat(),
        "sex": "F",
    }
    answer = client.post("/api/v1/registry/persons", json=body, headers=officer_headers)
    assert answer.status_code == 409
    assert "INSERT INTO persons" in everything.text  # the statement log was on
    assert _leaks(everything) == []


def test_a_failing_statement_logs_its_class_and_a_reference_only(
    client: TestClient, everything: pytest.LogCaptureFixture
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]

    @app.get("/test-only/failing-statement")
    def failing(db: DbSession) -> None:
        # PostgreSQL's error message quotes the value it could not read: the personal ID.
        db.execute(text("SELECT CAST(:value AS date)"), {"value": PERSONAL_ID})

    answer = client.get("/test-only/failing-statement")
    assert answer.status_code == 500
    reference = answer.json()["detail"].rsplit(" ", 1)[-1].rstrip(".")
    logged = [r.getMessage() for r in everything.records if r.name == "ansinh.core.errors"]
    assert any(reference in line and "DataError" in line for line in logged)
    assert _leaks(everything) == []


def test_the_servers_own_error_log_keeps_the_class_not_the_message(
    everything: pytest.LogCaptureFixture,
) -> None:
    configure_logging("INFO")
    try:
        raise ValueError(f"no card for {PERSONAL_ID} ({NAME}, born {BORN.isoformat()})")
    except ValueError as error:
        logging.getLogger("uvicorn.error").error("Exception in ASGI application", exc_info=error)
    assert "Exception in ASGI application: ValueError" in everything.text
    assert _leaks(everything) == []
