"""What a benefit estimate answers: an engine result, or the reason the engine was not asked."""

from __future__ import annotations

from dataclasses import dataclass

from ansinh.rules.engine import Result


@dataclass(frozen=True)
class Shortfall:
    """Whole years of SI still needed, from today, to reach the minimum for a pension."""

    years: int
    minimum: int


@dataclass(frozen=True)
class Estimate:
    """An engine result, or the reason the engine could not be asked."""

    result: Result | None
    problem: str | None = None
    at_todays_tables: bool = False
    shortfall: Shortfall | None = None

    @property
    def refusals(self) -> list[tuple[str, str]]:
        """The failed checks as (check name, the engine's English reason)."""
        if self.result is None:
            return [("no_estimate", self.problem or "")]
        failed = [s.name for s in self.result.trace if s.kind == "check" and s.value is False]
        return list(zip(failed, self.result.reasons, strict=False))


@dataclass(frozen=True)
class Estimates:
    """What the benefits page shows."""

    retirement: Estimate
    pension: Estimate
    withdrawal: Estimate
