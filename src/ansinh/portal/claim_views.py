"""A claim's timeline and decisions as a page shows them: every note and reason in words.

Stored notes and reasons are English from the claims domain (hold reasons, the rules engine's
refusals) or an officer's own words; each is said through the vocabulary, a failed check of the
engine by its label, and an officer's text as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ansinh.benefits.claims.schemas import DecisionDetail, TimelineEntry
from ansinh.portal.vocabulary import LABELS, label, say


@dataclass(frozen=True)
class Step:
    """One step of a claim's timeline, said."""

    at: datetime
    status: str
    by: str
    officer: str | None
    note: str | None


@dataclass(frozen=True)
class Shown:
    """A decision, said: its reasons in the page's language."""

    decision: DecisionDetail
    reasons: list[str]
    in_force: bool


def _failed_checks(decision: DecisionDetail) -> dict[str, str]:
    trace = decision.trace
    return {
        str(s.get("formula")): str(s["name"])
        for s in (trace or {}).get("trace", [])
        if s.get("kind") == "check" and s.get("value") is False
    }


def said(text: str | None, language: str, checks: dict[str, str] | None = None) -> str | None:
    """A stored note or reason in `language`; None when there is nothing a person can read."""
    if not text:
        return None
    if text in LABELS["claim_status"]:
        return label("claim_status", text, language)
    if checks and text in checks and language != "en":
        return label("refusal", checks[text], language)
    found = say(text, language)
    if found is not None:
        return found
    return text if language == "en" or not text.isascii() else None


def timeline(entries: list[TimelineEntry], language: str) -> list[Step]:
    """A claim's timeline with who acted (an officer by account) and notes said."""
    steps = []
    for entry in entries:
        kind, _, name = entry.actor.partition(":")
        steps.append(
            Step(
                at=entry.at,
                status=entry.status,
                by=kind,
                officer=name if kind == "officer" else None,
                note=said(entry.note, language),
            )
        )
    return steps


def decisions(found: Sequence[DecisionDetail], language: str) -> list[Shown]:
    """Decisions newest first, the first one decided being the one in force."""
    shown, current = [], True
    for decision in found:
        checks = _failed_checks(decision)
        reasons = [r for r in (said(x, language, checks) for x in decision.reasons) if r]
        in_force = current and decision.decided_at is not None
        current = current and not in_force
        shown.append(Shown(decision, reasons, in_force))
    return shown
