"""Health-insurance-specific failures."""

from __future__ import annotations

from ansinh.core.errors import NotFound


class FacilityNotFound(NotFound):
    """No facility has that code."""

    def __init__(self, code: str) -> None:
        super().__init__(f"no medical facility with code {code}")


class CardNotFound(NotFound):
    """The person has no current HI card."""

    def __init__(self) -> None:
        super().__init__("no current health insurance card for that SI number")
