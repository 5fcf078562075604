"""Claim-batch failures, each a problem+json response."""

from __future__ import annotations

from ansinh.core.errors import NotFound
from ansinh.core.linecheck import LinesRejected


class BatchRejected(LinesRejected):
    """Some lines are invalid and the employer did not ask for partial acceptance."""

    title = "Claim list rejected"


class BatchNotFound(NotFound):
    """No batch of this employer has that id."""

    def __init__(self) -> None:
        super().__init__("no claim batch with that id")
