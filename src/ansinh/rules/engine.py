"""The benefit registry: each benefit has a typed case model and one compute function."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic_core import to_jsonable_python

from ansinh.rules.trace import Calculation, Step

CaseT = TypeVar("CaseT", bound="Case")


class Case(BaseModel):
    """Base of every benefit's input: plain typed data, no database."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def law_date(self) -> date:
        """The date the entitlement arose: it selects the law in force."""
        raise NotImplementedError


@dataclass(frozen=True)
class Outcome:
    """What a compute function returns: the main amount and any other named results."""

    amount: int | None
    unit: str
    outputs: Mapping[str, Any]


class StepRead(BaseModel):
    """A trace step as the API shows it."""

    kind: str
    name: str
    value: Any
    formula: str | None = None
    effective_from: date | None = None
    source: str | None = None
    confidence: str | None = None


class Result(BaseModel):
    """A calculation's answer: eligibility, the amount, other outputs, reasons and the trace."""

    benefit: str
    law_date: date
    eligible: bool
    amount: int | None
    unit: str
    outputs: dict[str, Any]
    reasons: list[str]
    trace: list[StepRead]


@dataclass(frozen=True)
class Computed:
    """A calculation's answer as plain data: what `Result` holds, without validating it again."""

    benefit: str
    law_date: date
    eligible: bool
    amount: int | None
    unit: str
    outputs: dict[str, Any]
    reasons: list[str]
    steps: list[Step]

    def result(self) -> Result:
        """The validated model the API shows."""
        return Result(
            benefit=self.benefit,
            law_date=self.law_date,
            eligible=self.eligible,
            amount=self.amount,
            unit=self.unit,
            outputs=self.outputs,
            reasons=self.reasons,
            trace=[StepRead(**vars(s)) for s in self.steps],
        )

    def as_json(self) -> dict[str, Any]:
        """Exactly `result().model_dump(mode="json")`, without building the models."""
        return {
            "benefit": self.benefit,
            "law_date": self.law_date.isoformat(),
            "eligible": self.eligible,
            "amount": self.amount,
            "unit": self.unit,
            "outputs": _json(self.outputs),
            "reasons": list(self.reasons),
            "trace": [
                {
                    "kind": s.kind,
                    "name": s.name,
                    "value": _json(s.value),
                    "formula": s.formula,
                    "effective_from": s.effective_from and s.effective_from.isoformat(),
                    "source": s.source,
                    "confidence": s.confidence,
                }
                for s in self.steps
            ],
        }


def _json(value: Any) -> Any:
    """A value as `mode="json"` dumps it; plain scalars (most trace values) pass as they are."""
    if value is None or type(value) in _SCALARS:
        return value
    return to_jsonable_python(value)


_SCALARS = frozenset({str, int, float, bool})


@dataclass(frozen=True)
class Benefit(Generic[CaseT]):
    """A registered benefit (or contribution) calculation."""

    name: str
    title: str
    case_model: type[CaseT]
    compute: Callable[[CaseT, Calculation], Outcome]

    def compute_plain(self, case: CaseT) -> Computed:
        """Run the calculation on a validated case; the answer as plain data."""
        calc = Calculation(benefit=self.name, law_date=case.law_date())
        for field_name, value in case:
            calc.input(field_name, _jsonable(value))
        outcome = self.compute(case, calc)
        return Computed(
            benefit=self.name,
            law_date=calc.law_date,
            eligible=calc.eligible,
            amount=outcome.amount if calc.eligible else None,
            unit=outcome.unit,
            outputs=dict(outcome.outputs) if calc.eligible else {},
            reasons=list(calc.refusals),
            steps=calc.steps,
        )

    def calculate(self, case: CaseT) -> Result:
        """Run the calculation on a validated case."""
        return self.compute_plain(case).result()

    def calculate_raw(self, data: Mapping[str, Any]) -> Result:
        """Validate `data` against the case model, then calculate."""
        return self.calculate(self.case_model.model_validate(data))

    def compute_raw(self, data: Mapping[str, Any]) -> Computed:
        """Validate `data` against the case model, then calculate as plain data."""
        return self.compute_plain(self.case_model.model_validate(data))


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


BENEFITS: dict[str, Benefit[Any]] = {}


def benefit(
    name: str, title: str, case_model: type[CaseT]
) -> Callable[[Callable[[CaseT, Calculation], Outcome]], Callable[[CaseT, Calculation], Outcome]]:
    """Register a compute function under `name` with its case model."""

    def register(
        compute: Callable[[CaseT, Calculation], Outcome],
    ) -> Callable[[CaseT, Calculation], Outcome]:
        if name in BENEFITS:
            raise ValueError(f"benefit {name!r} registered twice")
        BENEFITS[name] = Benefit(name=name, title=title, case_model=case_model, compute=compute)
        return compute

    return register


__all__ = ["BENEFITS", "Benefit", "Case", "Computed", "Outcome", "Result", "Step", "benefit"]
