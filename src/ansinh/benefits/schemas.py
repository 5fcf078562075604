"""What a benefit estimate answers: an engine result, or the reason the engine was not asked."""

from __future__ import annotations

from dataclasses import dataclass

from ansinh.rules.engine import Result


@dataclass(frozen=True)
class Estimate:
    """An engine result, or the reason the engine could not be asked."""

    result: Result | None
    problem: str | None = None


@dataclass(frozen=True)
class Estimates:
    """What the benefits page shows."""

    retirement: Estimate
    pension: Estimate
    withdrawal: Estimate
