"""A decision on a claim as the paper the documents domain seals: words, amounts, steps, law."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from ansinh.benefits.claims.schemas import ClaimRead, DecisionDetail
from ansinh.documents.schemas import CalculationStep, DecisionPaper, LawApplied
from ansinh.portal.vocabulary import label, say

OUTCOMES = {"granted": "Được hưởng", "refused": "Không được hưởng", "revoked": "Thu hồi"}
UNITS = {"VND": "đồng", "VND/month": "đồng/tháng"}


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_decimal(value, locale="vi")


def who(actor: str | None) -> str:
    """A maker or checker as printed: the officer's account, or the system for automatic ones."""
    if actor is None:
        return "—"
    kind, _, name = actor.partition(":")
    return f"Cán bộ {name}" if kind == "officer" else "Hệ thống (tự động theo quy định)"


def steps_of(decision: DecisionDetail) -> list[CalculationStep]:
    """The amounts the engine computed, in order, with their arithmetic."""
    trace = decision.trace
    return [
        CalculationStep(step["name"], step.get("formula") or "", _number(step["value"]))
        for step in (trace or {}).get("trace", [])
        if step.get("kind") == "amount"
    ]


def law_of(decision: DecisionDetail) -> list[LawApplied]:
    """The legal parameters the decision applied, each with its date and source."""
    return [
        LawApplied(
            name=str(item.get("name")),
            value=_number(item.get("value")),
            effective_from=str(item.get("effective_from") or "—"),
            source=str(item.get("source") or "—"),
        )
        for item in decision.law
    ]


def paper(claim: ClaimRead, decision: DecisionDetail) -> DecisionPaper:
    """The printed decision (Vietnamese, English labels on the sheet)."""
    unit = UNITS.get(decision.unit or "", decision.unit or "")
    amount = "—" if decision.amount is None else f"{_number(decision.amount)} {unit}"
    decided = decision.decided_at or decision.made_at
    return DecisionPaper(
        reference=claim.reference,
        benefit_vi=label("branch", claim.branch, "vi"),
        benefit_en=label("branch", claim.branch, "en"),
        procedure_code=claim.procedure_code,
        period=f"{claim.period_from:%d/%m/%Y} – {claim.period_to:%d/%m/%Y}",
        outcome_vi=OUTCOMES[decision.outcome],
        amount=amount,
        reasons=[say(r, "vi") or r for r in decision.reasons],
        steps=steps_of(decision),
        law=law_of(decision),
        maker=who(decision.maker),
        checker=who(decision.checker),
        decided_on=f"{decided:%d/%m/%Y}",
        supersedes=str(decision.supersedes or ""),
    )
