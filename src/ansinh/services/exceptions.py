"""Online-services failures."""

from __future__ import annotations

from ansinh.core.errors import Conflict, Forbidden, NotFound, Unprocessable


class ServiceNotFound(NotFound):
    """No online procedure has that code."""

    def __init__(self) -> None:
        super().__init__("no available online service with that code")


class ApplicationNotFound(NotFound):
    """No application with that reference (for this person)."""

    def __init__(self) -> None:
        super().__init__("no application with that reference")


class LevelTooLow(Forbidden):
    """The service needs a higher e-ID identification level than the login used."""

    def __init__(self, needed: int) -> None:
        super().__init__(f"this service needs an e-ID login at level {needed}")
        self.needed = needed


class NotAFiler(Forbidden):
    """This kind of applicant may not file this procedure."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"a {kind} may not file this procedure")


class WrongStatus(Conflict):
    """The application is not in a status that allows this step."""

    def __init__(self, status: str) -> None:
        super().__init__(f"the application is {status.replace('_', ' ')}")


class AlreadyOpen(Conflict):
    """The person already has an application to this service that is not decided."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"you already have an application in progress ({reference})")
        self.reference = reference


class FourEyes(Conflict):
    """The officer who proposed a decision may not confirm it."""

    def __init__(self) -> None:
        super().__init__("a decision must be confirmed by another officer than its maker")


class FileRefused(Unprocessable):
    """An attachment of the wrong type, too large, or infected."""
