"""A claim's engine case: the line's facts plus what the SI book and the registry already know."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ansinh.benefits.claims.branches import BranchRule
from ansinh.rules.history import Period, add_months, count, expand, month_start
from ansinh.rules.service import get_benefit

SEXES = {"M": "male", "F": "female"}
MONTHS_PER_YEAR = 12
SPLIT_MONTH = date(2014, 1, 1)  # the survivors' lump sum counts months before 2014 apart
WINDOW_MONTHS = 60
"""Short-term benefits look back at most 36 months (maternity/eligibility/*: a 24-month window
and 12 prior months); their cases get the last 60, and sick pay its years of SI counted here."""


def _window(history: Sequence[Period], law_date: date) -> list[Period]:
    cutoff = add_months(law_date, -WINDOW_MONTHS)
    return [
        p.model_copy(update={"start": max(p.start, cutoff)}) for p in history if p.end >= cutoff
    ]


def _si_years(history: Sequence[Period], law_date: date) -> Decimal:
    """Years of compulsory SI before the law date's month (overlapping periods count once)."""
    before = month_start(law_date)
    spans = sorted(
        (_index(p.start), min(_index(p.end), _index(before) - 1))
        for p in history
        if p.scheme == "compulsory" and p.start < before
    )
    months, reached = 0, -1
    for first, last in spans:
        first = max(first, reached + 1)
        if last >= first:
            months += last - first + 1
            reached = last
    return Decimal(months) / MONTHS_PER_YEAR


def _index(day: date) -> int:
    return day.year * MONTHS_PER_YEAR + day.month - 1


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
        if supplied == "history" and rule.short_term:
            recent = _window(history, period_from)
            known["history"] = recent  # models pass validation as they are, not re-checked
            known["si_years"] = _si_years(history, period_from)
        elif supplied == "history":
            known["history"] = list(history)
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
