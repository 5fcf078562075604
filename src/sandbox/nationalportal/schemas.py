"""What the agency reports on a dossier, and what the portal answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class StatusIn(BaseModel):
    """One status of a dossier, as the agency reports it."""

    model_config = ConfigDict(extra="ignore")

    reference: str = Field(max_length=40)
    status: str = Field(pattern=r"^[a-z_]{3,20}$")
    outcome: str | None = Field(default=None, max_length=20)
    at: datetime
    note_vi: str | None = Field(default=None, max_length=500)
    result_url: str | None = Field(default=None, max_length=300)


class StatusAck(BaseModel):
    """Whether the report was new (a repeated one is acknowledged and changes nothing)."""

    applied: bool


class DossierStatus(BaseModel):
    """A dossier and its reported statuses, as the portal shows them."""

    dossier_no: str
    service_code: str
    agency_reference: str | None
    forward_error: str | None
    statuses: list[StatusIn]
