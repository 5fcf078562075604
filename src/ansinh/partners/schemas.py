"""Shapes the e-ID app receives."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class PeriodRead(BaseModel):
    """A contribution period (months; `counted` once paid)."""

    scheme: str
    employer: str | None
    unit_code: str | None
    start: date
    end: date
    salary: int
    counted: bool
    running: bool


class SiBookSummary(BaseModel):
    """A citizen's SI book in brief."""

    si_number: str
    full_name: str
    as_of: date
    total_months: int
    owed_months: int
    years: int
    months: int
    insured_now: bool
    source: str
    periods: list[PeriodRead]


class HiCardRead(BaseModel):
    """A citizen's current HI card with its signed QR payload."""

    code: str
    status: str
    valid_from: date
    valid_to: date
    benefit_level: int
    facility_code: str | None
    facility_name: str | None
    qr_jws: str
