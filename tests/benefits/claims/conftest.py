"""Insured persons with an SI book, certificates from facilities, and actors for claims."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.security.actor import Actor
from ansinh.health.evidence.schemas import Certificate
from ansinh.health.evidence.service import store_certificate

EMPLOYER = Actor(kind="client", id="payroll-79", scopes=frozenset({"benefits:file"}))
MAKER = Actor(kind="officer", id="nguyen.van.a")
CHECKER = Actor(kind="officer", id="tran.thi.b")
UNIT = "TS79000001"

_PERSON = """
INSERT INTO persons (si_number, personal_id, full_name, date_of_birth, sex, province_code)
VALUES (:si, :pid, 'Nguyễn Thị Test', :born, :sex, '79')
"""
_BOOK = """
INSERT INTO contribution_book (si_number, scheme, unit_code, month, salary, base,
  pension_survivors_employer, pension_survivors_employee, sickness_maternity_employer,
  sickness_maternity_employee, work_injury_employer, work_injury_employee, unemployment_employer,
  unemployment_employee, health_employer, health_employee, recorded_from, carried_over)
SELECT :si, :scheme, :unit, m::date, :salary, :salary, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  timestamptz '2000-01-01', true
FROM generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 month') m
"""


Insure = Callable[..., str]


@pytest.fixture()
def insure(db_session: Session) -> Insure:
    """Register a person whose book holds months `first`..`last` at `salary` (counted)."""
    made = iter(range(1, 1000))

    def make(
        *,
        sex: str = "F",
        born: date = date(1990, 5, 17),
        first: date = date(2020, 1, 1),
        last: date = date(2026, 10, 1),
        salary: int = 12_000_000,
        scheme: str = "compulsory",
    ) -> str:
        n = next(made)
        si = f"79{n:08d}"
        db_session.execute(
            text(_PERSON), {"si": si, "pid": f"0791{n:08d}", "born": born, "sex": sex}
        )
        db_session.execute(
            text(_BOOK),
            {
                "si": si,
                "unit": UNIT if scheme == "compulsory" else None,
                "scheme": scheme,
                "salary": salary,
                "first": first,
                "last": last,
            },
        )
        return si

    return make


Certify = Callable[..., str]


@pytest.fixture()
def certify(db_session: Session) -> Certify:
    """Store a certificate a facility pushed and return its serial."""
    made = iter(range(1, 1000))

    def make(kind: str, si_number: str | None, **fields: object) -> str:
        serial = f"CT{next(made):08d}"
        values: dict[str, object] = {
            "serial": serial,
            "kind": kind,
            "personal_id": None,
            "si_number": si_number,
            "from_date": None,
            "to_date": None,
            "event_date": None,
            "facility_code": "79001",
            "caesarean": None,
            "under_32_weeks": None,
        }
        store_certificate(db_session, certificate=Certificate.model_validate(values | fields))
        return serial

    return make
