"""API shapes of the rules engine."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel


class BenefitRead(BaseModel):
    """A calculation the engine offers, with the JSON schema of its input."""

    name: str
    title: str
    input_schema: dict[str, Any]


class ParameterRead(BaseModel):
    """A legal parameter and its value in force on the asked date (null if none)."""

    name: str
    description: str
    unit: str
    value: Any
    effective_from: date | None
    source: str | None
    confidence: str
    last_checked: date
