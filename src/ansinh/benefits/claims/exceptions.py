"""What claims' verbs refuse, as problem+json the caller can act on."""

from __future__ import annotations

from ansinh.core.errors import Conflict, Forbidden, NotFound


class ClaimNotFound(NotFound):
    """No claim with that reference (for this person)."""

    def __init__(self) -> None:
        super().__init__("no claim with this reference")


class NothingPending(Conflict):
    """The claim has no decision waiting for a checker."""

    def __init__(self) -> None:
        super().__init__("this claim has no decision waiting for approval")


class NotSettled(Conflict):
    """Only a claim with a decision in force can be adjusted or revoked."""

    def __init__(self) -> None:
        super().__init__("this claim has no decision in force to adjust or revoke")


class NotDecidable(Conflict):
    """The claim is not waiting for a decision (held, awaiting confirmation, or decided)."""

    def __init__(self, status: str) -> None:
        super().__init__(f"a claim in status {status!r} cannot be decided now")


class FourEyes(Forbidden):
    """The officer who made a decision cannot approve it (maker-checker)."""

    def __init__(self) -> None:
        super().__init__("a decision must be approved by another officer than its maker")
