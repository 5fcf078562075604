"""The rules domain's surface: registered benefits by name, and listings for the API and CLI."""

from __future__ import annotations

from datetime import date
from typing import Any

import ansinh.rules.formulas  # noqa: F401  (registers every formula module)
from ansinh.rules.engine import BENEFITS, Benefit
from ansinh.rules.schemas import BenefitRead, ParameterRead
from ansinh.rules.store import ParameterError, all_parameters


def get_benefit(name: str) -> Benefit[Any]:
    """Return a registered benefit."""
    try:
        return BENEFITS[name]
    except KeyError:
        raise LookupError(f"no benefit named {name!r}") from None


def list_benefits() -> list[Benefit[Any]]:
    """Every registered benefit, by name."""
    return [BENEFITS[n] for n in sorted(BENEFITS)]


def list_benefit_reads() -> list[BenefitRead]:
    """Every registered calculation with its input schema."""
    return [
        BenefitRead(name=b.name, title=b.title, input_schema=b.case_model.model_json_schema())
        for b in list_benefits()
    ]


def list_parameters(*, on: date) -> list[ParameterRead]:
    """Every parameter with the value in force on `on`."""
    reads = []
    for name, param in all_parameters().items():
        spec = param.spec
        try:
            in_force = param.in_force(on)
            value, since, source = in_force.value, in_force.effective_from, in_force.source
            confidence = in_force.confidence
        except ParameterError:
            value, since, source, confidence = None, None, None, spec.confidence
        reads.append(
            ParameterRead(
                name=name,
                description=spec.description,
                unit=spec.unit,
                value=value,
                effective_from=since,
                confidence=confidence,
                last_checked=spec.last_checked,
                source=None
                if source is None
                else source.instrument + (f", {source.article}" if source.article else ""),
            )
        )
    return reads
