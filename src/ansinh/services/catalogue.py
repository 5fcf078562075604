"""The catalogue of the agency's online public services, and what each one does when decided.

A service is available when it is implemented and the domain it needs is present; the others are
listed as coming, so the catalogue and the scorecard show what exists today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol

from pydantic import BaseModel
from sqlalchemy.orm import Session

from ansinh.core.security.actor import Actor
from ansinh.portal.sources import present
from ansinh.services.models import Application

Level = Literal["full-process", "partial"]
Channel = Literal["portal", "eid_app", "counter"]
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


@cache
def catalogue() -> dict[str, OnlineService]:
    """Every service by code, available ones first."""
    from ansinh.services.handlers import address, bank_account, confirmation

    services = [confirmation.SERVICE, address.SERVICE, bank_account.SERVICE]
    if present("health"):
        from ansinh.services.handlers import primary_care

        services.append(primary_care.SERVICE)
    services.extend(COMING)
    return {s.code: s for s in sorted(services, key=lambda s: not s.available)}


COMING = (
    OnlineService(
        code="SI-WITHDRAWAL",
        name={"vi": "Giải quyết hưởng BHXH một lần", "en": "One-time SI withdrawal claim"},
        summary={
            "vi": "Sẽ có khi lĩnh vực chi trả được triển khai.",
            "en": "Comes with the payments domain.",
        },
        level="full-process",
        channels=("portal", "eid_app"),
        domain="payments",
        min_level=2,
    ),
    OnlineService(
        code="UI-CLAIM",
        name={"vi": "Đề nghị hưởng trợ cấp thất nghiệp", "en": "Unemployment benefit claim"},
        summary={
            "vi": "Sẽ có khi lĩnh vực bảo hiểm thất nghiệp được triển khai.",
            "en": "Comes with the unemployment-insurance domain.",
        },
        level="full-process",
        channels=("portal",),
        domain="unemployment",
        min_level=2,
    ),
)
