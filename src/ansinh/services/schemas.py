"""What an online service is: its names, level, channels, and the functions that carry it out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Literal, Protocol

from pydantic import BaseModel
from sqlalchemy.orm import Session

from ansinh.core.domains import present
from ansinh.core.events.schemas import DomainEvent
from ansinh.core.security.actor import Actor
from ansinh.services.models import Application

Level = Literal["full-process", "partial"]
Channel = Literal["portal", "eid_app", "counter", "national_portal"]
Review = Literal["automatic", "officer"]


class CheckFn(Protocol):
    """Refuse an application at submission (raise a ProblemError) if it cannot succeed."""

    def __call__(self, *, db_session: Session, si_number: str, form: Any) -> None: ...


class ApplyFn(Protocol):
    """Carry out an approved application; return what the citizen gets (stored as its result)."""

    def __call__(
        self, *, db_session: Session, application: Application, actor: Actor
    ) -> dict[str, Any]: ...


@dataclass(frozen=True)
class OnlineService:
    """One online service (dịch vụ công trực tuyến)."""

    code: str
    name: Mapping[str, str]
    summary: Mapping[str, str]
    level: Level
    channels: tuple[Channel, ...]
    domain: str
    min_level: int = 1
    review: Review = "officer"
    form: type[BaseModel] | None = None
    check: CheckFn | None = None
    apply: ApplyFn | None = None

    @property
    def available(self) -> bool:
        """True if the service can be used now (implemented, and its domain is present)."""
        return self.apply is not None and present(self.domain)


class ApplicationStatusChanged(DomainEvent):
    """An application moved to a new status (the national portal is told of each)."""

    name: ClassVar[str] = "ApplicationStatusChanged"
    reference: str
    service_code: str
    status: str
    outcome: str | None = None
    channel: str
    external_reference: str | None = None
    at: datetime
    note_vi: str | None = None
