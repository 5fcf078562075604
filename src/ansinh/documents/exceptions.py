"""Document failures."""

from __future__ import annotations

from ansinh.core.errors import NotFound, Unprocessable


class DocumentNotFound(NotFound):
    """No document with that id (for this person)."""

    def __init__(self) -> None:
        super().__init__("no document with that number")


class NoCurrentCard(NotFound):
    """The person has no current health-insurance card to print."""

    def __init__(self) -> None:
        super().__init__("you have no current health-insurance card")


class AlreadyRevoked(Unprocessable):
    """The document was revoked before."""

    def __init__(self) -> None:
        super().__init__("the document is already revoked")
