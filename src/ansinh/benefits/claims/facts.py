"""A claim's engine case: the line's facts plus what the SI book and the registry already know."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from ansinh.benefits.claims.branches import BranchRule
from ansinh.rules.history import Period, count, expand
from ansinh.rules.service import get_benefit

SEXES = {"M": "male", "F": "female"}
SPLIT_MONTH = date(2014, 1, 1)  # the survivors' lump sum counts months before 2014 apart


def _months(history: Sequence[Period]) -> dict[str, int]:
    months = expand(history)
    return {
        "compulsory_si_months": count(months, "compulsory"),
        "voluntary_si_months": count(months, "voluntary"),
    }


def _months_2014(history: Sequence[Period]) -> dict[str, int]:
    months = expand(history)
    before = sum(1 for m in months if m.month < SPLIT_MONTH)
    return {"months_before_2014": before, "months_from_2014": len(months) - before}


def case_for(
    rule: BranchRule,
    facts: dict[str, Any],
    period_from: date,
    *,
    history: Sequence[Period],
    date_of_birth: date | None,
    sex: str | None,
    evidence: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The engine's case: known data first (book, registry, certificates), the line's facts win."""
    fields = get_benefit(rule.benefit).case_model.model_fields
    known: dict[str, Any] = {rule.date_field: period_from} | (evidence or {})
    for supplied in rule.supplied:
        if supplied == "history":
            known["history"] = [p.model_dump() for p in history]
        elif supplied == "person":
            known |= {"date_of_birth": date_of_birth, "sex": SEXES.get(sex or "", sex)}
        elif supplied == "months":
            known |= _months(history)
        else:
            known |= _months_2014(history)
    return {k: v for k, v in known.items() if k in fields} | facts


def problems_of(rule: BranchRule, facts: dict[str, Any], period_from: date) -> list[str]:
    """What is wrong with a line's facts for its branch (the book's data stood in for)."""
    if "history" in facts:
        return ["facts.history: the contribution history comes from the SI book, not the claim"]
    placeholder = [Period(start=period_from, end=period_from, salary=1)]
    case = case_for(
        rule, facts, period_from, history=placeholder, date_of_birth=date(1970, 1, 1), sex="M"
    )
    try:
        get_benefit(rule.benefit).case_model.model_validate(case)
    except ValidationError as exc:
        return [
            f"{'.'.join(str(p) for p in error['loc']) or 'facts'}: {error['msg']}"
            for error in exc.errors(include_input=False, include_url=False)
        ]
    return []
