"""What an employer sends to apply, what it is answered, the exemption, and the event."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ansinh.core.events.schemas import DomainEvent
from ansinh.identity.schemas import SiNumberStr
from ansinh.registry.schemas import UnitCode

Status = Literal["issued", "refused"]
Country = Annotated[
    str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2 code", examples=["KR"])
]


class PostingCreate(BaseModel):
    """An employer's application: the worker, where and how long they are posted, and by whom."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    si_number: SiNumberStr
    country: Country
    unit_code: UnitCode = Field(description="The sending employer")
    starts_on: date
    ends_on: date
    extension: bool = Field(
        default=False, description="Extends an earlier posting with the same employer"
    )

    @model_validator(mode="after")
    def _ordered(self) -> PostingCreate:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on / ngày kết thúc trước ngày bắt đầu")
        return self


class CertificateRead(BaseModel):
    """The ruling on an application: the certificate issued, or the reason it was refused."""

    model_config = ConfigDict(from_attributes=True)

    reference: str
    status: Status
    country: str
    unit_code: str
    starts_on: date
    ends_on: date
    extension: bool
    months_counted: int = Field(description="Months counted under the agreement, chain included")
    refusal_code: str | None = None
    reason_vi: str | None = None
    reason_en: str | None = None
    document_id: str | None = None
    verification_url: str | None = None
    applied_at: datetime
    duplicate: bool = False


class Exemption(BaseModel):
    """A posted worker stays insured at home and is exempt from the host country's scheme."""

    model_config = ConfigDict(from_attributes=True)

    reference: str
    si_number: str
    country: str
    unit_code: str
    starts_on: date
    ends_on: date


class CoverageCertified(DomainEvent):
    """A certificate of coverage was issued: the worker stays insured at home while posted."""

    name: ClassVar[str] = "CoverageCertified"
    reference: str
    si_number: str
    country: str
    unit_code: str
    starts_on: date
    ends_on: date
    document_id: str
