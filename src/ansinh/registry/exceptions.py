"""Registry-specific failures."""

from __future__ import annotations

from ansinh.core.errors import Conflict, NotFound


class PersonNotFound(NotFound):
    """No person has that SI number."""

    def __init__(self) -> None:
        super().__init__("no person with that SI number")


class EmployerNotFound(NotFound):
    """No employer has that unit code."""

    def __init__(self, unit_code: str) -> None:
        super().__init__(f"no employer with unit code {unit_code}")


class EmploymentNotFound(NotFound):
    """No employment has that id."""

    def __init__(self, employment_id: int) -> None:
        super().__init__(f"no employment with id {employment_id}")


class DuplicateIdentifier(Conflict):
    """An identifier that must be unique is already registered to someone."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} is already registered to another person or employer")
