"""Contribution-specific failures, each a problem+json response."""

from __future__ import annotations

from ansinh.core.errors import Conflict, NotFound
from ansinh.core.linecheck import LinesRejected


class DeclarationRejected(LinesRejected):
    """Some lines are invalid and the employer did not ask for partial acceptance."""

    title = "Declaration rejected"


class DeclarationNotFound(NotFound):
    """No declaration has that id."""

    def __init__(self) -> None:
        super().__init__("no declaration with that id")


class PaymentReferenceReused(Conflict):
    """A payment reference was already recorded with other content."""

    def __init__(self) -> None:
        super().__init__(
            "this reference was already recorded with a different amount or date; "
            "a payment is recorded once"
        )


class EnrolmentNotFound(NotFound):
    """No self-payer enrolment has that id."""

    def __init__(self) -> None:
        super().__init__("no enrolment with that id")
