"""The calculation context: every input, parameter and intermediate amount becomes a trace step."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ansinh.rules.money import dec, fmt_vnd
from ansinh.rules.store import Scalar, Value, parameter

StepKind = Literal["input", "parameter", "amount", "check"]


@dataclass(frozen=True)
class Step:
    """One line of a calculation's trace."""

    kind: StepKind
    name: str
    value: Any
    formula: str | None = None
    effective_from: date | None = None
    source: str | None = None
    confidence: str | None = None


def _plain(value: Any) -> Any:
    """Make a value JSON-friendly: Decimals that are whole become int, else str."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


@dataclass
class Calculation:
    """Collects the trace and the refusal reasons of one benefit calculation."""

    benefit: str
    law_date: date
    steps: list[Step] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    def input(self, name: str, value: Any) -> Any:
        """Record an input of the case and return it."""
        self.steps.append(Step("input", name, _plain(value)))
        return value

    def law(self, name: str, on: date | None = None) -> Value:
        """Read parameter `name` in force on `on` (default: the law date) and record it."""
        in_force = parameter(name).in_force(on or self.law_date)
        source = in_force.source.instrument + (
            f", {in_force.source.article}" if in_force.source.article else ""
        )
        self.steps.append(
            Step(
                "parameter",
                name,
                in_force.value,
                effective_from=in_force.effective_from,
                source=source,
                confidence=in_force.confidence,
            )
        )
        return in_force.value

    def number(self, name: str, on: date | None = None, key: str | None = None) -> Decimal:
        """Read a numeric parameter (or one entry of a mapping parameter) as a Decimal."""
        value = self.law(name, on)
        if key is not None:
            if not isinstance(value, dict) or key not in value:
                raise KeyError(f"parameter {name} has no entry {key!r}")
            value = value[key]
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise TypeError(f"parameter {name} is not a number")
        return dec(value)

    def table(self, name: str, on: date | None = None) -> dict[str, Scalar]:
        """Read a mapping parameter (e.g. a value per region or per code)."""
        value = self.law(name, on)
        if not isinstance(value, dict):
            raise TypeError(f"parameter {name} is not a table")
        return value

    def amount(self, name: str, value: Decimal | int, formula: str) -> Decimal:
        """Record an intermediate amount with the arithmetic that produced it."""
        number = dec(value)
        self.steps.append(Step("amount", name, _plain(number), formula=formula))
        return number

    def require(self, name: str, passed: bool, reason: str) -> bool:
        """Record an eligibility check; a failed one adds `reason` to the refusals."""
        self.steps.append(Step("check", name, passed, formula=None if passed else reason))
        if not passed:
            self.refusals.append(reason)
        return passed

    @property
    def eligible(self) -> bool:
        """True while no eligibility check has failed."""
        return not self.refusals


__all__ = ["Calculation", "Step", "fmt_vnd"]
