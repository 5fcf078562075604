"""What the engine takes in (forms, files) and tells others (the status event, API reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ansinh.core.events.schemas import DomainEvent


@dataclass(frozen=True)
class FileIn:
    """An attachment as received: which document of the procedure it is, and its bytes."""

    kind: str
    filename: str
    media_type: str
    content: bytes


class ApplicationStatusChanged(DomainEvent):
    """An application moved to a new status (the applicant is notified; the national portal too)."""

    name: ClassVar[str] = "ApplicationStatusChanged"
    reference: str
    service_code: str
    status: str
    outcome: str | None = None
    channel: str
    external_reference: str | None = None
    at: datetime
    note_vi: str | None = None


class AttachmentIn(BaseModel):
    """An attachment in an API body (base64)."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(pattern=r"^[a-z][a-z0-9-]{1,39}$")
    filename: str = Field(min_length=1, max_length=200)
    media_type: str = Field(max_length=80)
    content_base64: str = Field(max_length=30_000_000)


class EmployerApplicationIn(BaseModel):
    """An employer's application for one of its workers."""

    model_config = ConfigDict(extra="forbid")

    si_number: str = Field(pattern=r"^\d{10}$")
    answers: dict[str, Any] = Field(default_factory=dict)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=10)


class StepRead(BaseModel):
    """One step of the timeline."""

    model_config = ConfigDict(from_attributes=True)

    at: datetime
    status: str
    actor_kind: str
    note: str | None


class ApplicationRead(BaseModel):
    """An application as its filer sees it (no personal data beyond what they sent)."""

    model_config = ConfigDict(from_attributes=True)

    reference: str
    service_code: str
    status: str
    outcome: str | None
    received_on: date | None
    due_on: date | None
    reason: str | None
    result: dict[str, Any] | None
    document_id: str | None
    events: list[StepRead]
