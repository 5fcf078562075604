"""The catalogue of the agency's procedures as data: one YAML file per procedure.

Each file says who may file, at which e-ID level, the form (JSON Schema), the attachments, the
statutory deadline (with its unit and source) and the verb the procedure ends in. A procedure is
online when its verb is registered and the verb's domain is present; otherwise the file says why
it is not, in Vietnamese and English. Pre-2025 codes stay, dated, for cases opened before
2025-07-01.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ansinh.core import clock
from ansinh.core.domains import present
from ansinh.services.verbs import VERBS

FOLDER = Path(__file__).parent / "procedures"
CODE_PATTERN = r"^[0-9A-Z][0-9A-Z.\-]{2,31}$"

Group = Literal["collection", "books-cards", "benefits", "unemployment", "life-events", "other"]
Filer = Literal["citizen", "employer", "officer"]
Unit = Literal["working", "calendar", "calendar_excluding_holidays"]
GROUP_NAMES: dict[str, dict[str, str]] = {
    "collection": {"vi": "Thu, đăng ký tham gia", "en": "Collection and registration"},
    "books-cards": {"vi": "Sổ BHXH, thẻ BHYT", "en": "SI books and HI cards"},
    "benefits": {"vi": "Chế độ BHXH", "en": "Benefits"},
    "unemployment": {"vi": "Bảo hiểm thất nghiệp", "en": "Unemployment insurance"},
    "life-events": {"vi": "Liên thông sự kiện", "en": "Life events"},
    "other": {"vi": "Khác", "en": "Other"},
}
UNIT_NAMES = {
    "working": {"vi": "ngày làm việc", "en": "working days"},
    "calendar": {"vi": "ngày", "en": "days"},
    "calendar_excluding_holidays": {"vi": "ngày (trừ ngày lễ)", "en": "days excluding holidays"},
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Strict):
    """A text in Vietnamese and English."""

    vi: str = Field(min_length=3)
    en: str = Field(min_length=3)


class Deadline(_Strict):
    """The statutory time to decide, from the day the complete file is received."""

    days: int = Field(ge=1, le=90)
    unit: Unit
    source: str = Field(min_length=5)
    valid_from: date
    uncertain: bool = False
    note: str | None = None


class AttachmentRule(_Strict):
    """A document the applicant sends with the form."""

    kind: str = Field(pattern=r"^[a-z][a-z0-9-]{1,39}$")
    title_vi: str
    title_en: str
    required: bool = True
    media_types: tuple[str, ...]
    max_bytes: int = Field(ge=1_000, le=20_000_000)


class Procedure(_Strict):
    """One procedure of the catalogue."""

    code: str = Field(pattern=CODE_PATTERN)
    group: Group
    name: Names
    valid_from: date
    valid_to: date | None = None
    replaced_by: str | None = None
    uncertain: bool = False
    note: str | None = None
    deadline: Deadline
    filers: tuple[Filer, ...] = Field(min_length=1)
    min_eid_level: int = Field(ge=1, le=2)
    review: Literal["automatic", "officer"]
    maker_checker: bool = False
    form: dict[str, Any]
    attachments: tuple[AttachmentRule, ...] = ()
    online: bool
    verb: str | None = None
    verb_args: dict[str, str] = Field(default_factory=dict)
    offline_reason: Names | None = None
    example: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Procedure:
        Draft202012Validator.check_schema(self.form)
        if self.online and (self.verb not in VERBS or self.example is None):
            raise ValueError(f"{self.code}: an online procedure needs a known verb and an example")
        if not self.online and self.offline_reason is None:
            raise ValueError(f"{self.code}: an offline procedure needs its reason")
        return self

    @property
    def available(self) -> bool:
        """Online today: the verb is known, its domain present, and the code in force."""
        return (
            self.online
            and self.verb is not None
            and present(VERBS[self.verb].domain)
            and self.in_force()
        )

    def in_force(self, on: date | None = None) -> bool:
        """True if new applications may use this code (pre-2025 codes are kept, not in force)."""
        day = on or clock.today()
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def reason(self) -> Names:
        """Why the procedure is not online (its domain may be absent in this deployment)."""
        if self.offline_reason is not None:
            return self.offline_reason
        return Names(
            vi="Lĩnh vực nghiệp vụ của thủ tục này chưa được triển khai trên hệ thống.",
            en="The domain this procedure needs is not deployed.",
        )


@cache
def catalogue() -> dict[str, Procedure]:
    """Every procedure by code: online ones first, then by group and code."""
    procedures = [
        Procedure.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(FOLDER.glob("*.yaml"))
    ]
    order = list(GROUP_NAMES)
    procedures.sort(key=lambda p: (not p.available, order.index(p.group), p.code))
    return {p.code: p for p in procedures}
