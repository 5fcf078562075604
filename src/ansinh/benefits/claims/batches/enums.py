"""The state of each line of a claim batch, as the employer's result shows it."""

from __future__ import annotations

from enum import StrEnum


class LineStatus(StrEnum):
    """Where a batch line stands: refused at intake, or its claim's decision."""

    REJECTED = "rejected"  # the line broke a rule at intake; no claim was filed
    GRANTED = "granted"
    HELD = "held"  # evidence missing, for another person or other dates
    REFUSED = "refused"
    PENDING = "pending"  # waiting for an officer
