"""An employer with insured workers, an API client allowed to file claim lists, a fixed today."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.security.actor import SYSTEM
from ansinh.registry import service as registry
from ansinh.registry.schemas import EmployerCreate, EmploymentCreate
from tests.benefits.claims.conftest import UNIT, Insure
from tests.conftest import api_headers

API = "/api/v1/benefits/claim-batches"
TODAY = date(2026, 11, 10)
HEADER = {
    "unit_code": UNIT,
    "unit_name": "Công ty TNHH Thử Nghiệm",
    "unit_account": "0071000999888",
    "unit_bank_bin": "970436",
    "period": "2026-11",
    "batch_number": 1,
}


@pytest.fixture(autouse=True)
def today() -> Iterator[date]:
    """Every test runs on 2026-11-10, a Tuesday."""
    with clock.frozen_at(TODAY):
        yield TODAY


@pytest.fixture()
def headers(db_session: Session) -> dict[str, str]:
    """A payroll client allowed to file claim lists."""
    return api_headers(db_session, "benefits:claim", client_id="claims-payroll")


@pytest.fixture()
def employer(db_session: Session) -> str:
    """The unit whose workers' books the claims tests fill."""
    registry.create_employer(
        db_session=db_session,
        employer_in=EmployerCreate(
            unit_code=UNIT,
            tax_code="0319888777",
            name="Công ty TNHH Thử Nghiệm",
            province_code="79",
            wage_region="I",
        ),
    )
    return UNIT


Hire = Callable[..., str]


@pytest.fixture()
def hire(db_session: Session, employer: str, insure: Insure) -> Hire:
    """An insured person employed by the unit since 2020 (book months 2020-01..2026-10)."""

    def make(**person: Any) -> str:
        si = insure(**person)
        registry.create_employment(
            db_session=db_session,
            employment_in=EmploymentCreate(
                si_number=si,
                unit_code=employer,
                start_date=date(2020, 1, 1),
                contract_type="indefinite",
                salary=12_000_000,
            ),
            actor=SYSTEM,
            purpose="test set-up",
        )
        return si

    return make


def personal_id(db_session: Session, si: str) -> str:
    """The registered personal ID of a person."""
    return str(
        db_session.scalar(text("SELECT personal_id FROM persons WHERE si_number = :s"), {"s": si})
    )


def sick_line(si: str, serial: str | None, **extra: Any) -> dict[str, Any]:
    """An ordinary sick leave of three working days, Monday 2 to Wednesday 4 November 2026."""
    return {
        "branch": "sickness",
        "subtype": "ordinary",
        "si_number": si,
        "from_date": "2026-11-02",
        "to_date": "2026-11-04",
        "days": 3,
        "certificate_serial": serial,
        "receipt_method": "own_account",
        "account_number": "0071000123456",
        "account_holder": "NGUYEN THI TEST",
        "bank_bin": "970436",
    } | extra


def send(client: TestClient, headers: dict[str, str], *lines: dict[str, Any], **extra: Any) -> Any:
    """POST a JSON claim list."""
    body = {"header": HEADER, "lines": list(lines)} | extra
    return client.post(API, json=body, headers=headers)
