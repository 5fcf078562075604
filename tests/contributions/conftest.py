"""Fixtures of the contributions tests: an employer in region I, two workers, an API client."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.security.actor import SYSTEM
from ansinh.registry import service as registry
from ansinh.registry.schemas import EmployerCreate, EmploymentCreate, PersonCreate
from tests.conftest import api_headers

API = "/api/v1/contributions"
UNIT = "SM0001A"
SETUP = "test set-up"
SCOPES = (
    "contributions:declare",
    "contributions:read",
    "contributions:collect",
    "contributions:enrol",
)


@pytest.fixture()
def headers(db_session: Session) -> dict[str, str]:
    """A client allowed every contributions action."""
    return api_headers(db_session, *SCOPES, client_id="contributions-test")


@pytest.fixture()
def employer(db_session: Session) -> str:
    """A region I employer in Ho Chi Minh City."""
    registry.create_employer(
        db_session=db_session,
        employer_in=EmployerCreate(
            unit_code=UNIT,
            tax_code="0319999999",
            name="Công ty TNHH Sao Mai",
            province_code="79",
            wage_region="I",
        ),
    )
    return UNIT


def register(db_session: Session, name: str, born: date, sex: str = "F") -> str:
    """Register a person and return the SI number."""
    person = registry.create_person(
        db_session=db_session,
        person_in=PersonCreate(full_name=name, date_of_birth=born, sex=sex, province_code="79"),
        actor=SYSTEM,
        purpose=SETUP,
    )
    return person.si_number


def employ(db_session: Session, si: str, unit: str, start: date, salary: int) -> int:
    """Record an employment directly in the registry; return its id."""
    return registry.create_employment(
        db_session=db_session,
        employment_in=EmploymentCreate(
            si_number=si,
            unit_code=unit,
            start_date=start,
            contract_type="indefinite",
            salary=salary,
        ),
        actor=SYSTEM,
        purpose=SETUP,
    ).employment_id


@pytest.fixture()
def worker(db_session: Session, employer: str) -> str:
    """A woman employed since 2024-01-02 at 10,000,000 a month."""
    si = register(db_session, "Trần Thị Hoa", date(1990, 5, 6))
    employ(db_session, si, employer, date(2024, 1, 2), 10_000_000)
    return si


def declare(
    client: TestClient, headers: dict[str, str], month: str, *lines: dict[str, Any], **extra: Any
) -> Any:
    """POST a JSON declaration."""
    body = {"month": month, "lines": list(lines)} | extra
    return client.post(f"{API}/declarations", json=body, headers=headers)


def book_rows(db_session: Session, si: str) -> list[tuple[Any, ...]]:
    """Every book row of a person, current and closed, oldest first."""
    return list(
        db_session.execute(
            text(
                "SELECT month, salary, base, recorded_to IS NULL FROM contribution_book "
                "WHERE si_number = :si ORDER BY month, recorded_from"
            ),
            {"si": si},
        )
    )
