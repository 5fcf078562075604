"""A medical certificate as claims read it, whatever channel brought it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

CertificateKind = Literal["sick_leave", "birth", "death", "discharge", "pregnancy_rest"]


class Certificate(BaseModel):
    """One certificate by its serial: whose, which dates, which facility."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    serial: str
    kind: CertificateKind
    personal_id: str | None
    si_number: str | None
    from_date: date | None
    to_date: date | None
    event_date: date | None
    facility_code: str
    caesarean: bool | None
    under_32_weeks: bool | None
