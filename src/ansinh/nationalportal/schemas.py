"""What the national portal forwards, and what it is answered."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ansinh.identity.schemas import SiNumberStr

DossierNo = Annotated[str, Field(pattern=r"^[A-Z0-9.-]{6,40}$", examples=["G22.99-261206-000123"])]


class DossierIn(BaseModel):
    """A dossier a citizen filed at the national portal (signed in there with their e-ID)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    dossier_no: DossierNo = Field(description="The national portal's dossier number")
    service_code: str = Field(pattern=r"^[0-9A-Z][0-9A-Z.\-]{2,31}$", examples=["1.014162"])
    si_number: SiNumberStr
    level: int = Field(ge=1, le=2, description="The e-ID level the citizen signed in with")
    answers: dict[str, Any] = Field(default_factory=dict, max_length=50)


class DossierReceipt(BaseModel):
    """The application a dossier became (the same one if the dossier was forwarded before)."""

    dossier_no: str
    reference: str
    status: str
    duplicate: bool = False


class StatusReport(BaseModel):
    """What the platform tells the national portal about one status of a dossier."""

    reference: str
    status: str
    outcome: str | None
    at: str
    note_vi: str | None
    result_url: str | None
