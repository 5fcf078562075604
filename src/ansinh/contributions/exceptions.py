"""Contribution-specific failures, each a problem+json response."""

from __future__ import annotations

from collections.abc import Sequence

from ansinh.core.errors import Conflict, NotFound, Unprocessable
from ansinh.core.linecheck import LineError

MAX_LISTED_ERRORS = 1000


class DeclarationRejected(Unprocessable):
    """Some lines are invalid and the employer did not ask for partial acceptance."""

    title = "Declaration rejected"

    def __init__(
        self, errors: Sequence[LineError], lines_total: int, errors_total: int | None = None
    ) -> None:
        listed = errors[:MAX_LISTED_ERRORS]
        total = len(errors) if errors_total is None else errors_total
        super().__init__(
            f"{total} of {lines_total} lines are invalid; nothing was applied. Fix them, "
            "or resubmit with allow_partial to apply the valid lines only",
            errors=[{"line": e.line, "field": e.field, "reason": e.reason} for e in listed],
            errors_total=total,
        )


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
